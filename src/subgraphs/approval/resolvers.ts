import type { MikroORM } from '@mikro-orm/postgresql';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, Resolver, Root, registerEnumType } from 'type-graphql';
import type { HubContext } from '../../context';
import { byMerchant } from '../../db/batch';
import { CreditCode } from '../../scalars';
import type { Commitments } from './commitments';
import { Commitment, CommitmentStatus, Permit } from './entities';
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

export enum CommitmentOutcome {
  FULFILLED = 'FULFILLED',
  BREACHED = 'BREACHED',
}
registerEnumType(CommitmentOutcome, { name: 'CommitmentOutcome' });

@InputType({ description: 'A credit commitment signed at an approval window in place of a document.' })
export class SignCommitmentInput {
  @Field(() => CreditCode)
  uscc!: string;

  @Field({ description: 'the approval matter, and what is promised' })
  matter!: string;

  @Field({ description: 'by when the promise will be checked' })
  dueDate!: Date;

  @Field({ description: "the approval bureau's own record id; signing it again returns this commitment" })
  sourceRecordId!: string;
}

@Resolver(() => Commitment)
export class CommitmentResolver {
  constructor(private readonly commitments: Commitments) {}

  @FieldResolver(() => Boolean, { description: 'past its due date and not yet verified' })
  overdue(@Root() c: Commitment): boolean {
    return c.status === CommitmentStatus.PENDING && c.dueDate.getTime() < Date.now();
  }

  @Mutation(() => Commitment, { description: 'records a credit commitment signed at an approval; idempotent on sourceRecordId' })
  signCommitment(@Arg('input') input: SignCommitmentInput, @Ctx() ctx: HubContext): Promise<Commitment> {
    return this.commitments.sign(input, ctx.principal.subject);
  }

  @Mutation(() => Commitment, { description: 'records whether the promise was kept; a breach becomes a negative credit record' })
  verifyCommitment(
    @Arg('id', () => ID) id: string,
    @Arg('outcome', () => CommitmentOutcome) outcome: CommitmentOutcome,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<Commitment> {
    return this.commitments.verify(id, outcome as unknown as CommitmentStatus.FULFILLED | CommitmentStatus.BREACHED, note, ctx.principal);
  }
}
