import { Arg, Ctx, Directive, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AccessLog } from '../../../auth/access-log';
import type { ConsentPurpose } from '../../../auth/purpose';
import { DEPARTMENTS } from '../../../catalogue/types';
import type { HubContext } from '../../../context';
import { badInput } from '../../../errors';
import { MAX_PAGE } from '../../../pagination';
import { CreditCode } from '../../../scalars';
import * as vocabulary from '../../../vocabulary';
import { Merchant } from '../directory/types';
import { ConsentRecord } from './entities';
import type { Trust } from './store';
import { AccessLogConnection } from './types';

const DEPARTMENT_LOGS = DEPARTMENTS.map((d) => `${d}AccessLog` as const);
const LOG_FIELDS = 'at subject org role department purpose fields operation requestId outcome';

/** The merchant's own control over who sees its credit: consents to banks, and the trace of every look. */
@Resolver(() => Merchant)
export class TrustResolver {
  constructor(
    private readonly trust: Trust,
    private readonly accessLog: AccessLog,
  ) {}

  @Mutation(() => ConsentRecord, { description: 'the merchant lets a bank organisation read its credit for the purposes it names, until a date' })
  grantConsent(
    @Arg('org') org: string,
    @Arg('until') until: Date,
    @Arg('purposes', () => [vocabulary.ConsentPurpose], { defaultValue: [vocabulary.ConsentPurpose.LOAN_REVIEW] }) purposes: ConsentPurpose[],
    @Ctx() ctx: HubContext,
  ): Promise<ConsentRecord> {
    return this.trust.grant(ctx.principal.uscc!, org, until, purposes);
  }

  @Mutation(() => ConsentRecord, { description: 'the merchant withdraws a consent, at once' })
  revokeConsent(@Arg('org') org: string, @Ctx() ctx: HubContext): Promise<ConsentRecord> {
    return this.trust.revoke(ctx.principal.uscc!, org);
  }

  @Query(() => [CreditCode], { description: "which of these merchants have granted the calling bank's organisation a valid consent for the request's purpose" })
  async consentedMerchants(@Arg('usccs', () => [CreditCode]) usccs: string[], @Ctx() ctx: HubContext): Promise<string[]> {
    if (usccs.length > MAX_PAGE) throw badInput(`at most ${MAX_PAGE} credit codes per request`, { field: 'usccs' });
    const { org, purpose } = ctx.principal;
    if (!org || purpose === null) return [];
    const valid = await Promise.all(usccs.map((u) => ctx.loaders.load(this.trust.consentValid, JSON.stringify([org, purpose, u]))));
    return usccs.filter((_, i) => valid[i]);
  }

  @FieldResolver(() => [ConsentRecord], { nullable: true, description: 'the consents this merchant has granted' })
  consents(@Root() m: Merchant, @Ctx() ctx: HubContext): Promise<ConsentRecord[]> {
    return ctx.loaders.load(this.trust.consentsOf, m.uscc);
  }

  /** Each subgraph records the reads it serves; the gateway hands the departments' records over to be merged here. */
  @Directive(`@requires(fields: "${DEPARTMENT_LOGS.map((l) => `${l} { ${LOG_FIELDS} }`).join(' ')}")`)
  @FieldResolver(() => AccessLogConnection, {
    name: 'accessLog',
    nullable: true,
    description: "who looked at this merchant's data, and why, one entry per request; newest first",
  })
  log(
    @Root() m: Merchant,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<AccessLogConnection> {
    return this.accessLog.page(m.uscc, first, after, Object.fromEntries(DEPARTMENT_LOGS.map((l) => [l, m[l]])));
  }
}
