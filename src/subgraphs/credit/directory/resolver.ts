import QRCode from 'qrcode';
import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DEPARTMENTS } from '../../../catalogue/types';
import type { HubContext } from '../../../context';
import { accessToEveryMerchant, fieldRuleOf } from '../../../auth/enforce';
import { INHERIT, type PolicyTable } from '../../../auth/policy';
import { badInput, forbidden } from '../../../errors';
import { decodeCursor, encodeCursor, MAX_PAGE, pageSize } from '../../../pagination';
import { isUscc } from '../../../uscc';
import { CreditCode } from '../../../scalars';
import type { Directory } from './store';
import { Merchant, MerchantConnection, MerchantFilter, QrFormat, RegisterMerchantInput } from './types';

/** The merchant directory, and a merchant's public face: its QR code and the profile it opens. */
@Resolver(() => Merchant)
export class DirectoryResolver {
  constructor(
    private readonly directory: Directory,
    private readonly publicUrl: string,
    /** the credit office's policy slice: who may filter by what the snapshots hold */
    private readonly policy: PolicyTable,
  ) {}

  @Query(() => Merchant, { nullable: true, description: 'one merchant by credit code; null when not registered' })
  merchant(@Arg('uscc', () => CreditCode) uscc: string, @Ctx() ctx: HubContext): Promise<Merchant | null> {
    return ctx.loaders.load(this.directory.byUscc, uscc);
  }

  @Query(() => [Merchant], { nullable: 'items', description: `up to ${MAX_PAGE} merchants in the order asked, null for an unknown code` })
  merchants(@Arg('usccs', () => [CreditCode]) usccs: string[], @Ctx() ctx: HubContext): Promise<(Merchant | null)[]> {
    if (usccs.length > MAX_PAGE) throw badInput(`at most ${MAX_PAGE} credit codes per request; got ${usccs.length}`, { field: 'usccs' });
    return Promise.all(usccs.map((u) => ctx.loaders.load(this.directory.byUscc, u)));
  }

  @Query(() => MerchantConnection, { description: 'the directory page by page, in credit-code order' })
  async merchantsPage(
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('filter', () => MerchantFilter, { nullable: true }) filter: MerchantFilter | null,
    @Ctx() ctx: HubContext,
  ): Promise<MerchantConnection> {
    const traced = this.snapshotFieldsRevealed(filter, ctx);
    const { nodes, hasNextPage } = await this.directory.page(filter, decodeCursor(after, isUscc), pageSize(first));
    // each merchant a filter by non-public data finds was read for it (the count names none)
    if (!ctx.internal) for (const n of nodes) for (const coordinate of traced) ctx.audit.record('credit', n.uscc, coordinate, true);
    const last = nodes.at(-1);
    return { nodes, pageInfo: { endCursor: last ? encodeCursor(last.uscc) : null, hasNextPage }, filter };
  }

  /**
   * A filter by grade, list or risk class reveals the latest snapshot's grade, lists or risk class of every merchant it matches: refused to a
   * reader the policy table does not let read that field of every merchant; the non-public ones it reveals are
   * returned, to be traced.
   */
  private snapshotFieldsRevealed(filter: MerchantFilter | null, ctx: HubContext): string[] {
    const revealed: string[] = [];
    for (const [key, field] of [
      ['grade', 'grade'],
      ['list', 'lists'],
      ['riskClass', 'riskClass'],
    ] as const) {
      if (!filter?.[key]) continue;
      const rule = fieldRuleOf(this.policy, 'CreditSnapshot', field);
      const access = rule && rule !== INHERIT ? accessToEveryMerchant(ctx.principal, rule) : { allowed: false, public: false };
      if (!access.allowed) {
        const who = ctx.principal.roles.length ? ctx.principal.roles.join(', ') : 'the public';
        throw forbidden(
          `${who} may not filter merchants by ${key}: it reveals CreditSnapshot.${field} of each merchant found, which ${who} may not read of every merchant`,
        );
      }
      if (!access.public) revealed.push(`CreditSnapshot.${field}`);
    }
    return revealed;
  }

  @Mutation(() => Merchant, { description: 'adds a merchant to the directory (administrators)' })
  registerMerchant(@Arg('input') input: RegisterMerchantInput): Promise<Merchant> {
    return this.directory.register(input);
  }

  @FieldResolver(() => String, { description: "the address of the shop's public page, which its QR code opens (under PUBLIC_URL)" })
  qrUrl(@Root() m: Merchant): string {
    return `${this.publicUrl}/m/${encodeURIComponent(m.qrToken)}`;
  }

  @FieldResolver(() => String, { description: "the shop's QR code, opening its public page: SVG text or a PNG data URL" })
  qrCode(@Root() m: Merchant, @Arg('format', () => QrFormat) format: QrFormat): Promise<string> {
    const url = this.qrUrl(m);
    return format === QrFormat.SVG ? QRCode.toString(url, { type: 'svg', margin: 1 }) : QRCode.toDataURL(url, { margin: 1 });
  }

  @Query(() => Merchant, { nullable: true, description: "the merchant a shop's QR code names, as the public sees it" })
  publicProfile(@Arg('qrToken') qrToken: string, @Ctx() ctx: HubContext): Promise<Merchant | null> {
    return ctx.loaders.load(this.directory.byQrToken, qrToken.trim());
  }
}

@Resolver(() => MerchantConnection)
export class MerchantConnectionResolver {
  constructor(private readonly directory: Directory) {}

  @FieldResolver(() => Int, { description: 'merchants matching the filter' })
  totalCount(@Root() page: MerchantConnection): Promise<number> {
    return this.directory.count(page.filter);
  }
}

/** The fields of a representation the credit office's @requires ask for: the departments' facts and trails. */
const REQUIRED = DEPARTMENTS.flatMap((d) => [`${d}Facts`, `${d}AccessLog`]);
const required = (ref: Record<string, unknown>) => Object.fromEntries(REQUIRED.filter((f) => f in ref).map((f) => [f, ref[f]]));

/**
 * A merchant from its representation: only the key and what a @requires handed over (the departments' facts when
 * the judgment was asked for) are taken from it; the directory says the rest.
 */
export const merchantReference = (directory: Directory) => async (ref: Record<string, unknown> & { uscc: string }, ctx: HubContext) => {
  const merchant = await ctx.loaders.load(directory.byUscc, ref.uscc);
  return merchant && { ...merchant, ...required(ref) };
};
