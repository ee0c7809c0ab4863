import type { Department } from '../catalogue/types';
import { forbidden, unauthenticated } from '../errors';
import { hasRole, isPublic, type Principal } from './principal';

function signedIn(p: Principal): void {
  if (isPublic(p)) throw unauthenticated('this operation needs a signed-in user: send "Authorization: Bearer <token>"');
}

/** Admin only: registering merchants, editing reference data. */
export function requireAdmin(p: Principal, action: string): void {
  signedIn(p);
  if (!hasRole(p, 'admin')) throw forbidden(`only an administrator may ${action}`);
}

/** A department's records are written by that department's officers (or an administrator). */
export function requireDepartmentOfficer(p: Principal, department: Department): void {
  signedIn(p);
  if (hasRole(p, 'admin')) return;
  if (hasRole(p, 'department_officer') && p.department === department) return;
  throw forbidden(`only an officer of the ${department} department may record its credit information`);
}
