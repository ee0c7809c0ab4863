import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context';
import { Commitment, CommitmentStatus, Permit } from './entities';
import type { Commitments, Permits } from './store';
import { CommitmentOutcome, PermitRevocationInput, SignCommitmentInput } from './types';

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

@Resolver(() => Permit)
export class PermitResolver {
  constructor(private readonly permits: Permits) {}

  @Mutation(() => Permit, {
    description: 'takes a permit away and records its credit event (APR-PMT-REVOKED, APR-PMT-FRAUD); the same decision again returns the permit',
  })
  revokePermit(@Arg('input') input: PermitRevocationInput, @Ctx() ctx: HubContext): Promise<Permit> {
    return this.permits.revoke(input, ctx.principal.subject);
  }
}
