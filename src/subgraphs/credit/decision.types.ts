import { CreditCode } from '../../scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { SchemeRef } from './assessment.types';


export enum ObjectionDecision {
  /** the record stands */
  UPHOLD = 'UPHOLD',
  /** the record is removed from counting, as if it never counted */
  REVOKE = 'REVOKE',
}
registerEnumType(ObjectionDecision, { name: 'ObjectionDecision' });

@ObjectType({ description: 'An evaluation run: every merchant judged and kept for the cycle.' })
export class Evaluation {
  @Field()
  cycle!: string;

  @Field(() => Int)
  merchants!: number;

  @Field()
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field({ description: 'the date every merchant was judged on' })
  evaluatedAt!: Date;

  @Field(() => [UnjudgedMerchant], { description: 'the merchants the last run could not judge, each with the record at fault: the rest of the city was judged' })
  unjudged!: UnjudgedMerchant[];
}

@ObjectType({ description: 'A merchant an evaluation could not judge, and why.' })
export class UnjudgedMerchant {
  @Field(() => CreditCode)
  uscc!: string;

  @Field({ description: 'the record at fault, as the judge refused it' })
  reason!: string;
}

@ObjectType({ description: "A merchant's assessment fixed for a cycle." })
export class CreditSnapshot {
  /** whose snapshot: not shown, read by the policy */
  uscc!: string;

  @Field()
  cycle!: string;

  @Field(() => Int, { nullable: true })
  score!: number;

  @Field()
  grade!: string;

  @Field(() => SchemeRef)
  scheme!: SchemeRef;

  @Field(() => String, { nullable: true, description: 'sha-256 of the inputs it was judged on' })
  digest!: string;

  @Field()
  evaluatedAt!: Date;
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
