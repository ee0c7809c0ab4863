import { Arg, Ctx, Directive, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../context';
import { Merchant } from '../directory/types';
import type { Rules } from '../rules/store';
import { ObjectionRecord as Objection, RepairApplicationRecord as RepairApplication } from './entities';
import { WithdrawnRecord } from '../../../events/types';
import { withdrawals, type Decisions } from './store';
import { ObjectionDecision } from './types';

/** A merchant's objections to its records and applications to repair them, and the departments' decisions on them. */
@Resolver(() => Merchant)
export class DecisionsResolver {
  constructor(
    private readonly decisions: Decisions,
    private readonly rules: Rules,
  ) {}

  @FieldResolver(() => [Objection], { nullable: true, description: "objections to this merchant's records, newest first" })
  async objections(@Root() m: Merchant, @Ctx() ctx: HubContext): Promise<Objection[]> {
    return ctx.loaders.load(this.decisions.objectionsOf, m.uscc);
  }

  @FieldResolver(() => [RepairApplication], { nullable: true, description: "repair applications for this merchant's records, newest first" })
  async repairApplications(@Root() m: Merchant, @Ctx() ctx: HubContext): Promise<RepairApplication[]> {
    return ctx.loaders.load(this.decisions.repairsOf, m.uscc);
  }

  /**
   * What the departments @require to show the public only what the decisions allow. Handed over in the graph rather
   * than copied into each department: the gateway reads it with the merchant, so the public pages agree with a decision
   * from the moment it is made, in both modes, and a department never reads the credit office's tables.
   */
  @Directive('@inaccessible')
  // nullable: a department shows the public nothing of its records while the decisions cannot be read
  @FieldResolver(() => [WithdrawnRecord], {
    nullable: true,
    description: "the merchant's records its decisions took out of publication, for the departments inside the graph",
  })
  async withdrawnRecords(@Root() m: Merchant, @Ctx() ctx: HubContext): Promise<WithdrawnRecord[]> {
    return withdrawals(await ctx.loaders.load(this.decisions.ofMerchant, m.uscc));
  }

  @Mutation(() => Objection, { description: 'the merchant disputes one of its records; it is flagged, and counts until decided' })
  async fileObjection(@Arg('eventId', () => ID) eventId: string, @Arg('reason') reason: string, @Ctx() ctx: HubContext): Promise<Objection> {
    return this.decisions.fileObjection(eventId, reason, ctx);
  }

  @Mutation(() => Objection, { description: 'the owning department (or an administrator) upholds or revokes a disputed record' })
  async decideObjection(
    @Arg('objectionId', () => ID) id: string,
    @Arg('decision', () => ObjectionDecision) decision: ObjectionDecision,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: HubContext,
  ): Promise<Objection> {
    return this.decisions.decideObjection(id, decision, note, ctx.principal);
  }

  @Mutation(() => RepairApplication, { description: 'the merchant applies to repair a record after correcting the behaviour' })
  async applyRepair(@Arg('eventId', () => ID) eventId: string, @Arg('statement') statement: string, @Ctx() ctx: HubContext): Promise<RepairApplication> {
    const { scheme } = await ctx.loaders.load(this.rules.active, 'active');
    return this.decisions.applyRepair(eventId, statement, scheme, ctx);
  }

  @Mutation(() => RepairApplication, { description: 'the owning department (or an administrator) approves or rejects a repair' })
  async decideRepair(@Arg('applicationId', () => ID) id: string, @Arg('approve') approve: boolean, @Ctx() ctx: HubContext): Promise<RepairApplication> {
    return this.decisions.decideRepair(id, approve, ctx.principal);
  }
}
