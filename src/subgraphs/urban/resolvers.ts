import type { MikroORM } from '@mikro-orm/postgresql';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context';
import { byMerchant } from '../../db/batch';
import { ConductRecord, ConsumerReport } from './entities';
import { Merchant } from './merchant';

@Resolver(() => Merchant)
export class UrbanRecordsResolver {
  private readonly conductRecordsOf;
  private readonly consumerReportsOf;

  constructor(orm: MikroORM) {
    this.conductRecordsOf = byMerchant(orm, ConductRecord, 'observedAt');
    this.consumerReportsOf = byMerchant(orm, ConsumerReport, 'submittedAt');
  }

  @FieldResolver(() => [ConductRecord], { nullable: true, description: "urban-management officers' observations of the shop's conduct, newest first" })
  conductRecords(@Root() m: Merchant, @Ctx() ctx: HubContext) {
    return ctx.loaders.load(this.conductRecordsOf, m.uscc);
  }

  @FieldResolver(() => [ConsumerReport], { nullable: true, description: 'consumer photo reports about the shop, newest first' })
  consumerReports(@Root() m: Merchant, @Ctx() ctx: HubContext) {
    return ctx.loaders.load(this.consumerReportsOf, m.uscc);
  }
}
