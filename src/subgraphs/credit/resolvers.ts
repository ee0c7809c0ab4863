import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { catalogueOf } from '../../catalogue';
import type { HubContext } from '../../context';
import { badInput } from '../../errors';
import { DepartmentName } from '../../events/types';
import { decodeCursor, encodeCursor, MAX_PAGE, pageSize } from '../../pagination';
import { isUscc } from '../../uscc';
import { CreditCode } from '../../scalars';
import type { Directory } from './directory';
import { CatalogueEntry, Merchant, MerchantConnection, MerchantFilter, RegisterMerchantInput } from './types';

@Resolver(() => Merchant)
export class DirectoryResolver {
  constructor(private readonly directory: Directory) {}

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
  ): Promise<MerchantConnection> {
    const { nodes, hasNextPage } = await this.directory.page(filter, decodeCursor(after, isUscc), pageSize(first));
    const last = nodes.at(-1);
    return { nodes, pageInfo: { endCursor: last ? encodeCursor(last.uscc) : null, hasNextPage }, filter };
  }

  @Query(() => [CatalogueEntry], { description: 'the credit-information catalogue, of one department or all' })
  catalogue(@Arg('department', () => DepartmentName, { nullable: true }) department: DepartmentName | null): CatalogueEntry[] {
    return catalogueOf(department) as CatalogueEntry[];
  }

  @Mutation(() => Merchant, { description: 'adds a merchant to the directory (administrators)' })
  registerMerchant(@Arg('input') input: RegisterMerchantInput): Promise<Merchant> {
    return this.directory.register(input);
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
