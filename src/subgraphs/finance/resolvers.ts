import type { MikroORM } from '@mikro-orm/postgresql';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context';
import { byMerchant } from '../../db/batch';
import { Arrear, Loan, Subsidy, TaxpayerRating } from './entities';
import { Merchant } from './merchant';

@Resolver(() => Merchant)
export class FinanceRecordsResolver {
  private readonly ratingsOf;
  private readonly loansOf;
  private readonly arrearsOf;
  private readonly subsidiesOf;

  constructor(orm: MikroORM) {
    this.ratingsOf = byMerchant(orm, TaxpayerRating, 'ratedAt');
    this.loansOf = byMerchant(orm, Loan, 'grantedAt');
    this.arrearsOf = byMerchant(orm, Arrear, 'since');
    this.subsidiesOf = byMerchant(orm, Subsidy, 'paidAt');
  }

  @FieldResolver(() => [TaxpayerRating], { nullable: true, description: 'annual taxpayer credit ratings, newest first' })
  taxpayerRatings(@Root() m: Merchant, @Ctx() ctx: HubContext) {
    return ctx.loaders.load(this.ratingsOf, m.uscc);
  }

  @FieldResolver(() => [Loan], { nullable: true, description: 'credit loans granted by banks, newest first' })
  loans(@Root() m: Merchant, @Ctx() ctx: HubContext) {
    return ctx.loaders.load(this.loansOf, m.uscc);
  }

  @FieldResolver(() => [Arrear], { nullable: true, description: 'tax, utility and social-insurance arrears, newest first' })
  arrears(@Root() m: Merchant, @Ctx() ctx: HubContext) {
    return ctx.loaders.load(this.arrearsOf, m.uscc);
  }

  @FieldResolver(() => [Subsidy], { nullable: true, description: 'consumption subsidies paid, newest first' })
  subsidies(@Root() m: Merchant, @Ctx() ctx: HubContext) {
    return ctx.loaders.load(this.subsidiesOf, m.uscc);
  }
}
