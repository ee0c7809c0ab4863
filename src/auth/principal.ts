import type { Department } from '../catalogue/types';

export const ROLES = ['admin', 'department_officer', 'department_analyst', 'approval_clerk', 'bank_officer', 'merchant'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: taken from a verified token, or the public when there is none. */
export interface Principal {
  subject: string | null;
  roles: readonly Role[];
  department: Department | null;
  org: string | null;
  uscc: string | null;
  purpose: string | null;
}

export const PUBLIC: Principal = Object.freeze({
  subject: null,
  roles: [],
  department: null,
  org: null,
  uscc: null,
  purpose: null,
});

export const hasRole = (p: Principal, role: Role) => p.roles.includes(role);
export const isPublic = (p: Principal) => p.subject === null;
