import { applyMiddleware } from 'graphql-middleware';
import { allow, deny, type IRules, rule, shield } from 'graphql-shield';
import { getNamedType, type GraphQLResolveInfo, type GraphQLSchema, isObjectType } from 'graphql';
import type { Department } from '../catalogue/types';
import type { Batch, HubContext } from '../context';
import { CodedError, forbidden, unauthenticated, unavailable } from '../errors';
import type { WithdrawnRecord } from '../events/types';
import { DISCLOSABLE, withdrawn, type Disclosable, type Disclosure } from './disclosure';
import { MASKS } from './masks';
import { AUDIENCES, INHERIT, type Access, type Audience, type FieldRule, type PolicyTable } from './policy';
import { hasRole, isPublic, type Principal } from './principal';
import { PURPOSE_HEADER } from './purpose';

type Shown = Exclude<Access, 'consent'>;
/** `public`: what was shown is what anyone may see, so reading it leaves no trace */
type Decision = { access: Shown; public: boolean } | { refused: string; consentMissing: boolean };

const STRENGTH: Record<Shown, number> = { allow: 3, masked: 2, disclosable: 1 };
/** federation's own fields: the gateway's entry points, answered by every subgraph */
const FEDERATION: Record<string, IRules> = { Query: { _entities: allow, _service: allow }, _Service: allow };

interface Parent {
  uscc?: string;
  department?: string;
}

/** Who the principal is for this datum: always the public too, so no one sees less than the public. */
export function audiencesOf(p: Principal, fieldRule: FieldRule, parent: Parent | undefined, writing: boolean): Audience[] {
  const audiences: Audience[] = ['public'];
  if (isPublic(p)) return audiences;
  if (hasRole(p, 'admin')) audiences.push('admin');
  // on a root field there is no merchant yet: the resolver checks the merchant is the principal's own
  if (hasRole(p, 'merchant') && (!parent?.uscc || parent.uscc === p.uscc)) audiences.push('self');
  if (hasRole(p, 'approval_clerk')) audiences.push('approval_clerk');
  // a bank reads finance's records (with consent), not other departments'
  if (hasRole(p, 'bank_officer') && (fieldRule.owner !== 'record' || parent?.department === 'finance')) audiences.push('bank_officer');
  // analysts read like officers; only officers write
  const departmental = hasRole(p, 'department_officer') || (!writing && hasRole(p, 'department_analyst'));
  if (departmental && p.department) {
    const owners = fieldRule.owner === 'record' ? [parent?.department as Department] : (fieldRule.owner ?? []);
    audiences.push(owners.includes(p.department) ? 'own_department' : 'other_department');
  }
  return audiences;
}

/**
 * Whether the principal may read a field of every merchant at once, as a filter over the directory reveals it of
 * each merchant it matches: in full, by an audience that does not hang on which merchant it is (not `self`, which
 * is one merchant; not a bank's consent, given merchant by merchant). `public`: the public may too, so what the
 * filter reveals leaves no trace.
 */
export function accessToEveryMerchant(p: Principal, fieldRule: FieldRule): { allowed: boolean; public: boolean } {
  const audiences = audiencesOf(p, fieldRule, undefined, false).filter((a) => a !== 'self');
  return { allowed: audiences.some((a) => fieldRule.row[a] === 'allow'), public: fieldRule.row.public === 'allow' };
}

const consentBatches = new WeakMap<HubContext, Batch<string, boolean>>();

function hasConsent(ctx: HubContext, uscc: string): Promise<boolean> {
  let batch = consentBatches.get(ctx);
  if (!batch) {
    batch = async (usccs) => {
      const granted = await ctx.consents(usccs, ctx);
      return usccs.map((u) => granted.has(u));
    };
    consentBatches.set(ctx, batch);
  }
  // asks as the reader (its organisation's consents, through the graph): never joined with another request's keys
  return ctx.loaders.loadOwn(batch, uscc);
}

/**
 * The strongest access any of the principal's audiences has; a bank's consent is asked for only when it
 * matters, and what the public may read of a record it may read only on a record the public may see
 * (`disclosable`: the rule of the parent's type, where it has one).
 */
export async function decide(
  ctx: HubContext,
  fieldRule: FieldRule,
  parent: Parent | undefined,
  coordinate: string,
  writing: boolean,
  disclosable?: Disclosable,
): Promise<Decision> {
  let best: Shown | null = null;
  let consent = false;
  let publicAccess = fieldRule.row.public;
  if (publicAccess && disclosable && parent && !disclosable(parent as Record<string, unknown>, new Date())) publicAccess = undefined;
  for (const audience of audiencesOf(ctx.principal, fieldRule, parent, writing)) {
    const access = audience === 'public' ? publicAccess : fieldRule.row[audience];
    if (access === 'consent') consent = true;
    else if (access && (!best || STRENGTH[access] > STRENGTH[best])) best = access;
  }
  if (best !== 'allow' && consent && parent?.uscc && (await hasConsent(ctx, parent.uscc))) best = 'allow';
  if (best) return { access: best, public: best === publicAccess };
  if (consent) {
    return {
      refused: `consent missing: merchant ${parent?.uscc ?? ''} has not granted ${ctx.principal.org} a valid consent ${forPurpose(ctx.principal.purpose)} to read ${coordinate}`,
      consentMissing: true,
    };
  }
  const who = ctx.principal.roles.length ? ctx.principal.roles.join(', ') : 'the public';
  return { refused: `${who} may not ${writing ? 'call' : 'read'} ${coordinate}`, consentMissing: false };
}

/** A consent allows reading for the purposes it names: the reader's, or a reminder to name one. */
const forPurpose = (purpose: string | null) =>
  purpose === null ? `for an unnamed purpose (name it in the token's purpose claim or the ${PURPOSE_HEADER} header)` : `for the purpose "${purpose}"`;

/** Reads of non-public data about a merchant by anyone but that merchant leave a trace (the hub's own work does not). */
function audit(ctx: HubContext, subgraph: string, parent: Parent | undefined, coordinate: string, d: Decision): void {
  const p = ctx.principal;
  if (!parent?.uscc || isPublic(p) || ctx.internal || ('access' in d && d.access && d.public)) return;
  if (hasRole(p, 'merchant') && p.uscc === parent.uscc) return;
  ctx.audit.record(subgraph, parent.uscc, coordinate, 'access' in d);
}

const JUDGES_COPY = Symbol("the credit judgment's copy of the facts");

/**
 * Marks the facts the gateway fetches for the credit judgment (the @inaccessible `…Facts` fields): they are
 * never shown to a client, so the policy of the public lists does not apply to them. Only a resolver can mark.
 */
export function judgesCopy<T extends object>(facts: readonly T[]): T[] {
  return facts.map((f) => ({ ...f, [JUDGES_COPY]: true }));
}

/** The credit office's inputs (@inaccessible): read only by a fetch the gateway makes for a @requires of the credit office. */
const creditOfficeRule = rule({ cache: 'no_cache' })((_parent, _args, ctx: HubContext, info: GraphQLResolveInfo) =>
  ctx.forCreditOffice ? true : forbidden(`${info.parentType.name}.${info.fieldName} is read only inside the graph, for a @requires`),
);

function policyRule(fieldRule: FieldRule, subgraph: string, root: boolean, writing: boolean, disclosable: Disclosable | undefined) {
  // root fields have no parent, so one decision per request serves; below them it depends on the merchant
  return rule({ cache: root ? 'contextual' : 'no_cache' })(async (parent: Parent | undefined, _args, ctx: HubContext, info: GraphQLResolveInfo) => {
    if (parent && (parent as Record<symbol, unknown>)[JUDGES_COPY]) return true;
    const coordinate = `${info.parentType.name}.${info.fieldName}`;
    let d: Decision;
    try {
      d = await decide(ctx, fieldRule, root ? undefined : parent, coordinate, writing, disclosable);
    } catch (err) {
      // a consent that cannot be looked up is neither given nor refused: shield would answer an uncoded "Not Authorised!"
      ctx.log.error({ err, coordinate }, 'access not decided');
      return new CodedError('SERVICE_UNAVAILABLE', `access to ${coordinate} could not be decided just now; try again`);
    }
    audit(ctx, subgraph, root ? undefined : parent, coordinate, d);
    if ('access' in d) return true;
    return isPublic(ctx.principal) && writing ? unauthenticated(`sign in to call ${coordinate}`) : forbidden(d.refused);
  });
}

const everyoneAllowed = (r: FieldRule) => AUDIENCES.every((a) => r.row[a] === 'allow');

/** The table's rule for a field; a field without one is an error, caught when the schema is built. */
export function fieldRuleOf(table: PolicyTable, type: string, field: string): FieldRule | typeof INHERIT | undefined {
  const policy = table[type];
  if (policy === INHERIT) return INHERIT;
  return policy?.[field];
}

/**
 * Applies a subgraph's slice of the policy table to its schema: graphql-shield allows or refuses each field
 * (fallback: deny), then a second middleware masks personal data and keeps only disclosable records where the
 * table says so, by the shared types' disclosure rules and the subgraph's own. The reads it traces are the
 * subgraph's own, recorded in its own access log.
 */
export function protect(schema: GraphQLSchema, subgraph: string, policy: PolicyTable, ownDisclosure: Disclosure = {}): GraphQLSchema {
  const disclosure: Disclosure = { ...DISCLOSABLE, ...ownDisclosure };
  const tree: Record<string, IRules> = { ...FEDERATION, Query: { ...(FEDERATION.Query as object) } };
  const shaping: Record<string, Record<string, unknown>> = {};
  const open: [string, string][] = [];
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type.name === '_Service') continue;
    const root = type === schema.getQueryType() || type === schema.getMutationType();
    const writing = type === schema.getMutationType();
    for (const field of Object.keys(type.getFields())) {
      if (type.name === 'Query' && (field === '_entities' || field === '_service')) continue;
      const r = fieldRuleOf(policy, type.name, field);
      if (!r) {
        missing.push(`${type.name}.${field}`);
        continue;
      }
      const typeRules = (tree[type.name] ??= {}) as Record<string, unknown>;
      if (r !== INHERIT && r.forCreditOffice) {
        typeRules[field] = creditOfficeRule;
        continue;
      }
      // open to everyone who reached its parent: a record's summary, a page's nodes, the public directory
      if (r === INHERIT || r.withParent || everyoneAllowed(r)) {
        typeRules[field] = allow;
        open.push([type.name, field]);
        continue;
      }
      typeRules[field] = policyRule(r, subgraph, root, writing, disclosure[type.name]);
      const coordinate = `${type.name}.${field}`;
      if (Object.values(r.row).some((a) => a === 'masked' || a === 'disclosable')) (shaping[type.name] ??= {})[field] = shape(r, coordinate, disclosure);
    }
  }
  if (missing.length) throw new Error(`the policy table has no entry for ${missing.join(', ')}`);
  const permissions = shield(tree as IRules, {
    fallbackRule: deny,
    fallbackError: () => forbidden('not allowed by the policy table'),
    allowExternalErrors: true,
    debug: false,
  }).generate(schema) as Record<string, Record<string, unknown>>;
  // shield wraps every field, `allow` ones too, in a promise: unwrapping the open ones keeps large lists fast
  for (const [type, field] of open) delete permissions[type]?.[field];
  return applyMiddleware(schema, permissions as never, shaping as never);
}

/** Masks or filters an allowed value as the reader's access says. */
function shape(fieldRule: FieldRule, coordinate: string, disclosure: Disclosure) {
  const ofParent = disclosure[coordinate.slice(0, coordinate.indexOf('.'))];
  return async (resolve: (...a: unknown[]) => unknown, parent: Parent, args: unknown, ctx: HubContext, info: GraphQLResolveInfo) => {
    const value = await resolve(parent, args, ctx, info);
    const d = await decide(ctx, fieldRule, parent, coordinate, false, ofParent);
    if (!('access' in d) || d.access === 'allow' || value === null || value === undefined) return value;
    if (d.access === 'masked') return MASKS[coordinate]!(String(value));
    const now = new Date();
    const type = String(getNamedType(info.returnType));
    const isDisclosable = disclosure[type]!;
    if (info.parentType.name !== 'Merchant') return (value as Record<string, unknown>[]).filter((item) => isDisclosable(item, now));
    // a merchant's records are shown to the public as the credit office's decisions allow, which the list @requires
    const decisions = (parent as { withdrawnRecords?: WithdrawnRecord[] | null }).withdrawnRecords;
    if (!Array.isArray(decisions))
      throw unavailable(`${coordinate} cannot be shown to the public now: the credit office's decisions are unavailable; try again shortly`);
    return (value as Record<string, unknown>[]).filter((item) => isDisclosable(item, now) && !withdrawn(decisions, type, item, now));
  };
}
