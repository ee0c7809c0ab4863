import type { MikroORM } from '@mikro-orm/postgresql';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context';
import { byMerchant } from '../../db/batch';
import { Complaint, Inspection, MarketListEntry, Penalty } from './entities';
import { Merchant } from './merchant';

@Resolver(() => Merchant)
export class MarketRecordsResolver {
  private readonly penaltiesOf;
  private readonly inspectionsOf;
  private readonly listEntriesOf;
  private readonly complaintsOf;

  constructor(orm: MikroORM) {
    this.penaltiesOf = byMerchant(orm, Penalty, 'decidedAt');
    this.inspectionsOf = byMerchant(orm, Inspection, 'inspectedAt');
    this.listEntriesOf = byMerchant(orm, MarketListEntry, 'listedAt');
    this.complaintsOf = byMerchant(orm, Complaint, 'receivedAt');
  }

  @FieldResolver(() => [Penalty], { nullable: true, description: 'administrative penalties, newest first' })
  penalties(@Root() m: Merchant, @Ctx() ctx: HubContext) {
    return ctx.loaders.load(this.penaltiesOf, m.uscc);
  }

  @FieldResolver(() => [Inspection], { nullable: true, description: 'inspections and spot checks, newest first' })
  inspections(@Root() m: Merchant, @Ctx() ctx: HubContext) {
    return ctx.loaders.load(this.inspectionsOf, m.uscc);
  }

  @FieldResolver(() => [MarketListEntry], { nullable: true, description: "entries on the market regulator's lists, newest first" })
  marketListEntries(@Root() m: Merchant, @Ctx() ctx: HubContext) {
    return ctx.loaders.load(this.listEntriesOf, m.uscc);
  }

  @FieldResolver(() => [Complaint], { nullable: true, description: 'consumer complaints, newest first' })
  complaints(@Root() m: Merchant, @Ctx() ctx: HubContext) {
    return ctx.loaders.load(this.complaintsOf, m.uscc);
  }
}
