import type { MikroORM } from '@mikro-orm/postgresql';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context';
import { byMerchant } from '../../db/batch';
import { Commitment, Permit } from './entities';
import { Merchant } from './merchant';

@Resolver(() => Merchant)
export class ApprovalRecordsResolver {
  private readonly permitsOf;
  private readonly commitmentsOf;

  constructor(orm: MikroORM) {
    this.permitsOf = byMerchant(orm, Permit, 'issuedAt');
    this.commitmentsOf = byMerchant(orm, Commitment, 'signedAt');
  }

  @FieldResolver(() => [Permit], { nullable: true, description: 'administrative permits issued to the merchant, newest first' })
  permits(@Root() m: Merchant, @Ctx() ctx: HubContext) {
    return ctx.loaders.load(this.permitsOf, m.uscc);
  }

  @FieldResolver(() => [Commitment], { nullable: true, description: 'credit commitments the merchant signed at approvals, newest first' })
  commitments(@Root() m: Merchant, @Ctx() ctx: HubContext) {
    return ctx.loaders.load(this.commitmentsOf, m.uscc);
  }
}
