import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { ListEffect } from '../../../catalogue/types';
import type { HubContext } from '../../../context';
import { decodeCursor, encodeCursor, pageSize } from '../../../pagination';
import { isUscc } from '../../../uscc';
import * as vocabulary from '../../../vocabulary';
import type { Directory } from '../directory/store';
import { MerchantConnection, type DirectoryFilter } from '../directory/types';
import type { Rules } from '../rules/store';

/**
 * What the credit office publishes as lists, from the latest finished evaluation: the red and black lists, and the
 * shops of the best grade (Dezhou's 优先推荐, Ankang's 信用优选). Public: a merchant is named on a list, never why or
 * what else is kept of it; the internal risk class is never among them.
 */
@Resolver()
export class PublicityResolver {
  constructor(
    private readonly directory: Directory,
    private readonly rules: Rules,
  ) {}

  @Query(() => MerchantConnection, {
    description:
      'the merchants on the black list, or on the red list at a level the scheme honours it, when judged in the latest finished evaluation, by district and trade, in credit-code order; public',
  })
  async publishedList(
    @Arg('list', () => vocabulary.ListEffect) list: ListEffect,
    @Arg('district', () => String, { nullable: true }) district: string | null,
    @Arg('trade', () => String, { nullable: true }) trade: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<MerchantConnection> {
    if (list !== 'RED') return this.page({ district, trade, list }, first, after);
    // a red list is an honour only at the levels the scheme grants it (A and B by default): a C merchant on it is not published
    const { scheme } = await ctx.loaders.load(this.rules.active, 'active');
    const grades = scheme.bands.filter((b) => scheme.redListLevels.includes(b.level)).map((b) => b.grade);
    return this.page({ district, trade, list, grades }, first, after);
  }

  @Query(() => MerchantConnection, {
    description:
      "the shops of the best level (A) of the credit scheme in force, in the latest finished evaluation, by district and trade, in credit-code order: the public's honest-shop listing",
  })
  async honestShops(
    @Arg('district', () => String, { nullable: true }) district: string | null,
    @Arg('trade', () => String, { nullable: true }) trade: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<MerchantConnection> {
    const { scheme } = await ctx.loaders.load(this.rules.active, 'active');
    return this.page({ district, trade, grades: scheme.bands.filter((b) => b.level === 'A').map((b) => b.grade) }, first, after);
  }

  private async page(filter: DirectoryFilter, first: number, after: string | null): Promise<MerchantConnection> {
    const { nodes, hasNextPage } = await this.directory.page(filter, decodeCursor(after, isUscc), pageSize(first));
    const last = nodes.at(-1);
    return { nodes, pageInfo: { endCursor: last ? encodeCursor(last.uscc) : null, hasNextPage }, filter };
  }
}
