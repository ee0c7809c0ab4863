import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildASTSchema, getNamedType, type GraphQLField, type GraphQLNamedType, isLeafType, isNonNullType, isObjectType, parse } from 'graphql';
import type { Department } from '../../src/catalogue/types';
import { type Audience, INHERIT } from '../../src/auth/policy';
import { POLICY } from '../../src/subgraphs';
import { Department as GraphQLDepartment } from '../../src/vocabulary';

/** A committed schema file: `supergraph`, or a subgraph's name. */
export const committedSchema = (name: string) =>
  buildASTSchema(parse(readFileSync(resolve(__dirname, `../../schema/${name}.graphql`), 'utf8')), { assumeValidSDL: true });

/** The graph as clients reach it: the supergraph without its @inaccessible fields. */
export const supergraph = committedSchema('supergraph');
/** A field a client can ask for on its own: not @inaccessible; in a subgraph, not @external or @requires (the gateway's business). */
export const reachable = (field: GraphQLField<unknown, unknown>) =>
  !field.astNode?.directives?.some((d) => ['inaccessible', 'external', 'requires'].includes(d.name.value));

type Owner = readonly Department[] | 'record' | undefined;

/** A reader, and the audiences of the policy table it belongs to for a field's owners and the merchant the data is about. */
export interface Reader {
  name: string;
  claims: Record<string, unknown> | null;
  audiences(owners: readonly string[], about: string | undefined): Audience[];
}

/** A merchant is itself to its own data, and to the root fields, which are about no merchant yet. */
const merchant = (name: string, uscc: string): Reader => ({
  name,
  claims: { roles: ['merchant'], uscc, sub: `owner-${uscc}` },
  audiences: (_, about) => (about === undefined || about === uscc ? ['public', 'self'] : ['public']),
});

const departmental = (department: Department, role: string): Reader => ({
  name: `a ${department} ${role.replace('department_', '')}`,
  claims: { roles: [role], department, sub: `${department}-${role}` },
  audiences: (owners) => ['public', owners.includes(department) ? 'own_department' : 'other_department'],
});

/** Every kind of reader the table names; the bank has no consent, so what it may read "with consent" is denied. */
export function readersOf(uscc: string, otherUscc: string): Reader[] {
  return [
    { name: 'the public', claims: null, audiences: () => ['public'] },
    merchant('the merchant itself', uscc),
    merchant('another merchant', otherUscc),
    { name: 'an approval clerk', claims: { roles: ['approval_clerk'], sub: 'clerk' }, audiences: () => ['public', 'approval_clerk'] },
    {
      name: 'a bank without consent',
      claims: { roles: ['bank_officer'], org: 'bank-without-consent', sub: 'banker' },
      audiences: () => ['public', 'bank_officer'],
    },
    departmental('market', 'department_officer'),
    departmental('urban', 'department_analyst'),
    departmental('finance', 'department_officer'),
    { name: 'an administrator', claims: { roles: ['admin'], sub: 'admin' }, audiences: () => ['public', 'admin'] },
  ];
}

/**
 * Whether the policy table denies the reader this field, read on its own: fields open to whoever reached their
 * parent are judged with the parent; `consent` is denied (no consent given), `masked` and `disclosable` are not.
 */
export function denied(reader: Reader, type: string, field: string, about?: string, recordDepartment?: string): boolean {
  const policy = POLICY[type];
  if (!policy || policy === INHERIT) return false;
  const rule = policy[field];
  if (!rule || rule.withParent) return false;
  const owner: Owner = rule.owner;
  const owners = owner === 'record' ? [recordDepartment ?? ''] : (owner ?? []);
  return reader.audiences(owners, about).every((a) => rule.row[a] === undefined || rule.row[a] === 'consent');
}

const leaf = (t: GraphQLNamedType) => isLeafType(t);

/** How a document asks for the fields: plainly, through inline fragments, or through named fragments. */
export type Shape = 'plain' | 'inline' | 'named';

/** The selection of every reachable field of a type, to `depth` levels, each object also asked for its __typename. */
export function selectAll(
  typeName: string,
  depth: number,
  shape: Shape,
  args: (f: GraphQLField<unknown, unknown>) => string | null,
  schema = supergraph,
): string {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) return '';
  const fields = Object.values(type.getFields()).filter(reachable);
  const parts = ['__typename'];
  for (const f of fields) {
    const named = getNamedType(f.type);
    const a = args(f);
    if (a === null) continue;
    if (leaf(named)) parts.push(`${f.name}${a}`);
    else if (depth > 1) {
      const inner = selectAll(named.name, depth - 1, shape, args, schema);
      if (inner) parts.push(`${f.name}${a} { ${inner} }`);
    }
  }
  const body = parts.join(' ');
  return shape === 'inline' ? `... on ${typeName} { ${body} }` : body;
}

/** Arguments for a field: the required ones filled with plausible values; null when it cannot be asked for. */
export function argumentsFor(values: Record<string, string>) {
  return (f: GraphQLField<unknown, unknown>): string | null => {
    const required = f.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
    const given = required.map((a) => values[a.name] ?? values[getNamedType(a.type).name]);
    if (given.some((v) => v === undefined)) return null;
    return required.length ? `(${required.map((a, i) => `${a.name}: ${JSON.stringify(given[i])}`).join(', ')})` : '';
  };
}

/**
 * Every place in an answer where the reader got a value the table denies it: walks the data with the schema,
 * so each field is judged where it sits (a credit event by the department that recorded it).
 */
export function leaks(reader: Reader, typeName: string, value: unknown, path = '', about?: string): { leaked: string[]; shown: number } {
  const found = { leaked: [] as string[], shown: 0 };
  const type = supergraph.getType(typeName);
  if (value === null || value === undefined || !isObjectType(type)) return found;
  if (Array.isArray(value)) {
    value.forEach((v, i) => merge(found, leaks(reader, typeName, v, `${path}[${i}]`, about)));
    return found;
  }
  const object = value as Record<string, unknown>;
  const department = typeof object.department === 'string' ? GraphQLDepartment[object.department as keyof typeof GraphQLDepartment] : undefined;
  const merchantHere = typeof object.uscc === 'string' ? object.uscc : about;
  for (const [key, v] of Object.entries(object)) {
    const field = type.getFields()[key.replace(/^leak\d+_/, '')];
    if (!field || v === null || v === undefined) continue;
    if (denied(reader, typeName, field.name, merchantHere, department)) found.leaked.push(`${path}.${key}`);
    else found.shown++;
    merge(found, leaks(reader, getNamedType(field.type).name, v, `${path}.${key}`, merchantHere));
  }
  return found;
}

function merge(into: { leaked: string[]; shown: number }, from: { leaked: string[]; shown: number }) {
  into.leaked.push(...from.leaked);
  into.shown += from.shown;
}
