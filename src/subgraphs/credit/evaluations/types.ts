import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Department, ListEffect } from '../../../catalogue/types';
import type { MeasureContext, MeasureKind } from '../../../credit-engine';
import { CreditCode } from '../../../scalars';
import * as vocabulary from '../../../vocabulary';
import { SchemeRef } from '../rules/types';

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

  @Field(() => [UnjudgedMerchant], {
    description: 'the merchants the last run could not judge, each with the record at fault: the rest of the city was judged',
  })
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

  @Field(() => [vocabulary.ListEffect], {
    nullable: true,
    description:
      'the lists the merchant was on when judged (what merchantsPage filters by list); null in a snapshot kept before lists were recorded, until its cycle is evaluated again',
  })
  lists!: ListEffect[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      'the internal risk class (A low … D high) market supervision draws inspections by (what merchantsPage filters by riskClass); never a public grade; ' +
      'null in a snapshot kept before risk classes were recorded, until its cycle is evaluated again',
  })
  riskClass!: string | null;

  @Field()
  evaluatedAt!: Date;
}

export enum StatisticsDimension {
  DISTRICT = 'district',
  STREET = 'street',
  TRADE = 'trade',
  KIND = 'kind',
  GRADE = 'grade',
}
registerEnumType(StatisticsDimension, { name: 'StatisticsDimension' });

@ObjectType({ description: 'How many merchants had a grade in a cycle, by the dimensions grouped by (the others are null).' })
export class GradeCount {
  @Field(() => String, { nullable: true })
  district!: string | null;

  @Field(() => String, { nullable: true })
  street!: string | null;

  @Field(() => String, { nullable: true })
  trade!: string | null;

  @Field(() => String, { nullable: true })
  kind!: string | null;

  @Field(() => String, { nullable: true })
  grade!: string | null;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'How many merchants a violation counted against in a cycle.' })
export class ViolationCount {
  @Field()
  code!: string;

  @Field()
  title!: string;

  @Field(() => vocabulary.Department)
  department!: Department;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'How many merchants a measure applied to in a cycle.' })
export class MeasureCount {
  @Field()
  id!: string;

  @Field()
  title!: string;

  @Field(() => vocabulary.MeasureKind)
  kind!: MeasureKind;

  @Field(() => vocabulary.MeasureContext)
  context!: MeasureContext;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'One grade of one cycle: the trend across cycles.' })
export class CycleGrades {
  @Field()
  cycle!: string;

  @Field()
  grade!: string;

  @Field(() => Int)
  count!: number;
}
