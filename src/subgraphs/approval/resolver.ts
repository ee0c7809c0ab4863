import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Resolver, Root, type ClassType } from 'type-graphql';
import type { HubContext } from '../../context';
import { concerns, listed, WorkItem, WorkItemKind, workPage, WorkPageArgs, type Worklist } from '../../worklist';
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

  @Mutation(() => Commitment, {
    description: 'records that a breached promise was kept late: the breach stays on record, its bar on commitment-based approval ends',
  })
  fulfilCommitment(
    @Arg('id', () => ID) id: string,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<Commitment> {
    return this.commitments.fulfilLate(id, note, ctx.principal);
  }
}

/** Administrative approval's part of the worklists: commitments to verify by their due dates. */
export function commitmentWorklistResolver(worklist: ClassType<Worklist>) {
  @Resolver(() => worklist)
  class CommitmentWorklistResolver {
    constructor(private readonly commitments: Commitments) {}

    @FieldResolver(() => [WorkItem], { nullable: true, description: 'credit commitments awaiting verification, soonest due first' })
    async commitmentsDue(@Root() w: Worklist, @Args() page: WorkPageArgs, @Ctx() ctx: HubContext): Promise<WorkItem[]> {
      const n = workPage(page);
      if (!concerns(w, 'approval')) return [];
      return listed(
        (await this.commitments.pending(w.uscc, n)).map((c) => ({
          kind: WorkItemKind.COMMITMENT,
          id: c.id,
          department: 'approval' as const,
          uscc: c.uscc,
          subject: c.matter,
          openedAt: c.signedAt,
          dueAt: c.dueDate,
        })),
        ctx,
        'approval',
        'commitmentsDue',
      );
    }
  }
  return CommitmentWorklistResolver;
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
