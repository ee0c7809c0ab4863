import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { Department, ListEffect } from '../../../catalogue/types';
import type * as engine from '../../../credit-engine';
import type { ApprovalMode, Level, LoanSpeed } from '../../../credit-engine';
import * as vocabulary from '../../../vocabulary';
import { MeasureFields, SchemeRef } from '../rules/types';

@ObjectType({ description: 'The points one counted event brought, and why.' })
export class ScoreItem implements engine.ScoreItem {
  @Field(() => ID)
  eventId!: string;

  @Field()
  code!: string;

  @Field(() => vocabulary.Department)
  department!: Department;

  @Field()
  occurredAt!: Date;

  @Field(() => Int)
  points!: number;

  @Field({ description: 'the rule and scheme version that gave these points' })
  reason!: string;

  @Field({ description: 'an objection is pending: the event counts until it is decided' })
  underObjection!: boolean;

  @Field({ description: 'the end of its publicity period: from then on it counts no more' })
  until!: Date;
}

@ObjectType({ description: 'An event that does not count on the evaluation date, and why.' })
export class ExcludedEvent implements engine.ExcludedEvent {
  @Field(() => ID)
  eventId!: string;

  @Field()
  code!: string;

  @Field(() => vocabulary.Department)
  department!: Department;

  @Field()
  reason!: string;
}

@ObjectType({ description: 'Membership of the red or black list, from the event that caused it.' })
export class ListMembership implements engine.ListMembership {
  @Field(() => vocabulary.ListEffect)
  kind!: ListEffect;

  @Field(() => ID)
  eventId!: string;

  @Field()
  code!: string;

  @Field()
  since!: Date;

  @Field(() => Date, { nullable: true })
  until!: Date | null;

  @Field()
  reason!: string;
}

@ObjectType({ description: 'A joint reward or punishment measure that applies to the merchant, and why.' })
export class AppliedMeasure extends MeasureFields implements engine.AppliedMeasure {
  @Field(() => [String], { description: 'the grade, list or record that triggered it' })
  reasons!: string[];
}

@ObjectType({ description: 'How an approval window treats the merchant.' })
export class ApprovalOutcome {
  @Field(() => vocabulary.ApprovalMode)
  mode!: ApprovalMode;

  @Field(() => [String])
  reasons!: string[];

  @Field(() => [String], { description: 'texts to show the clerk ("Warning: attention", "Friendly reminder")' })
  warnings!: string[];
}

@ObjectType({ description: 'How a bank treats the merchant for a credit loan.' })
export class LoanOutcome {
  @Field()
  eligible!: boolean;

  @Field({ description: 'priority and faster handling' })
  priority!: boolean;

  @Field({ description: 'credit-line tier: PREFERENTIAL, STANDARD, RESTRICTED or NONE' })
  tier!: string;

  @Field(() => Float, { description: "the multiple of the bank's ordinary credit line the grade earns (贷款额度); 0 when not eligible" })
  amountFactor!: number;

  @Field(() => vocabulary.LoanSpeed, { description: 'how fast the bank lends, by grade (放贷速度)' })
  speed!: LoanSpeed;

  @Field(() => [String])
  reasons!: string[];
}

@ObjectType({ description: 'How often market supervision inspects the merchant (its internal risk class).' })
export class InspectionOutcome {
  @Field({ description: 'internal risk class A (low) … D (high); never a public grade' })
  riskClass!: string;

  @Field(() => Float, { description: 'share of such merchants drawn for random inspection' })
  samplingWeight!: number;

  @Field()
  keyMonitoring!: boolean;

  @Field(() => [String])
  reasons!: string[];
}

/** The engine's assessment of a merchant, as the graph shows it. */
@ObjectType({ description: "The credit office's judgment of a merchant, with every reason." })
export class CreditAssessment implements engine.Assessment {
  /** whose judgment: not shown, read by the policy */
  uscc!: string;

  // nullable: the policy withholds it from some readers
  @Field(() => Int, { nullable: true })
  score!: number;

  @Field()
  grade!: string;

  /** the level the grade stands for: not shown (its outcomes are) */
  level!: Level;

  @Field(() => SchemeRef)
  scheme!: SchemeRef;

  @Field()
  evaluatedAt!: Date;

  @Field(() => [ScoreItem], { nullable: true, description: 'one item per counted event' })
  breakdown!: ScoreItem[];

  @Field(() => [ExcludedEvent], { nullable: true, description: 'events that do not count, and why' })
  excluded!: ExcludedEvent[];

  @Field(() => [ListMembership], { nullable: true })
  lists!: ListMembership[];

  /** all applied measures; the field resolver filters them by context */
  measures!: AppliedMeasure[];

  @Field(() => ApprovalOutcome, { nullable: true })
  approval!: ApprovalOutcome;

  @Field(() => LoanOutcome, { nullable: true })
  loan!: LoanOutcome;

  @Field(() => InspectionOutcome, { nullable: true })
  inspection!: InspectionOutcome;

  @Field(() => String, { nullable: true, description: 'sha-256 of everything the judgment rests on: facts, decisions, scheme versions, measures, date' })
  digest!: string;
}

@ObjectType()
export class GradeShare {
  @Field()
  grade!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class GradeChange {
  @Field()
  uscc!: string;

  @Field()
  name!: string;

  @Field()
  gradeBefore!: string;

  @Field()
  gradeAfter!: string;

  @Field(() => Int)
  scoreBefore!: number;

  @Field(() => Int)
  scoreAfter!: number;
}

@ObjectType({ description: 'What a draft scheme would do to a sample of merchants; nothing is stored.' })
export class SchemeSimulation {
  @Field(() => SchemeRef, { description: 'the scheme in force, compared against' })
  current!: SchemeRef;

  @Field(() => Int)
  merchants!: number;

  @Field(() => [GradeShare])
  before!: GradeShare[];

  @Field(() => [GradeShare])
  after!: GradeShare[];

  @Field(() => [GradeChange], { description: 'merchants whose grade would change' })
  changes!: GradeChange[];
}
