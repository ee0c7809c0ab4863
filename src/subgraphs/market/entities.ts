import { Entity, Enum, Index, Property } from '@mikro-orm/postgresql';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DepartmentRecord } from '../department-kit';

export enum PenaltySeverity {
  MINOR = 'MINOR',
  GENERAL = 'GENERAL',
  SERIOUS = 'SERIOUS',
}
registerEnumType(PenaltySeverity, { name: 'PenaltySeverity' });

export enum InspectionKind {
  /** "double random, one public": drawn at random, inspector drawn at random, result published */
  RANDOM_SPOT_CHECK = 'RANDOM_SPOT_CHECK',
  PRODUCT_SAMPLING = 'PRODUCT_SAMPLING',
  ROUTINE = 'ROUTINE',
}
registerEnumType(InspectionKind, { name: 'InspectionKind' });

export enum InspectionResult {
  PASSED = 'PASSED',
  DEFECTS_RECTIFIED = 'DEFECTS_RECTIFIED',
  FAILED = 'FAILED',
}
registerEnumType(InspectionResult, { name: 'InspectionResult' });

export enum MarketList {
  ABNORMAL_OPERATION = 'ABNORMAL_OPERATION',
  SERIOUS_ILLEGAL_DISHONEST = 'SERIOUS_ILLEGAL_DISHONEST',
}
registerEnumType(MarketList, { name: 'MarketList', description: "the market regulator's lists" });

/** An administrative penalty decision. */
@ObjectType({ description: 'An administrative penalty decided by market supervision.' })
@Entity()
@Index({ properties: ['uscc', 'decidedAt'] })
export class Penalty extends DepartmentRecord {
  @Field(() => String, { nullable: true, description: "the department's own record id; recording it again returns this record" })
  @Property({ length: 100, nullable: true, unique: true })
  sourceRecordId!: string | null;

  @Field(() => String, { nullable: true, description: 'number of the penalty decision document' })
  @Property({ length: 60, unique: true })
  decisionNumber!: string;

  @Field()
  @Property({ type: 'timestamptz' })
  decidedAt!: Date;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text' })
  violation!: string;

  @Field(() => PenaltySeverity)
  @Enum({ items: () => PenaltySeverity })
  severity!: PenaltySeverity;

  @Field(() => Int, { nullable: true, description: 'fine in yuan' })
  @Property({ type: 'integer', default: 0 })
  fineYuan!: number;

  @Field(() => ID, { nullable: true, description: 'the credit event this penalty produced' })
  @Property({ type: 'uuid', nullable: true })
  eventId!: string | null;
}

@ObjectType({ description: 'An inspection or spot check by market supervision.' })
@Entity()
@Index({ properties: ['uscc', 'inspectedAt'] })
export class Inspection extends DepartmentRecord {
  @Field(() => String, { nullable: true, description: "the department's own record id; recording it again returns this record" })
  @Property({ length: 100, nullable: true, unique: true })
  sourceRecordId!: string | null;

  @Field()
  @Property({ type: 'timestamptz' })
  inspectedAt!: Date;

  @Field(() => InspectionKind)
  @Enum({ items: () => InspectionKind })
  kind!: InspectionKind;

  @Field(() => InspectionResult)
  @Enum({ items: () => InspectionResult })
  result!: InspectionResult;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  findings!: string | null;

  @Field(() => ID, { nullable: true, description: 'the credit event a failed inspection produced' })
  @Property({ type: 'uuid', nullable: true })
  eventId!: string | null;
}

@ObjectType({ description: "A merchant's entry on one of the market regulator's lists." })
@Entity()
@Index({ properties: ['uscc', 'listedAt'] })
export class MarketListEntry extends DepartmentRecord {
  @Field(() => String, { nullable: true, description: "the department's own record id; recording it again returns this record" })
  @Property({ length: 100, nullable: true, unique: true })
  sourceRecordId!: string | null;

  @Field(() => MarketList)
  @Enum({ items: () => MarketList })
  list!: MarketList;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text' })
  reason!: string;

  @Field()
  @Property({ type: 'timestamptz' })
  listedAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  removedAt!: Date | null;

  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  eventId!: string | null;
}

@ObjectType({ description: 'A consumer complaint handled by market supervision.' })
@Entity()
@Index({ properties: ['uscc', 'receivedAt'] })
export class Complaint extends DepartmentRecord {
  @Field()
  @Property({ type: 'timestamptz' })
  receivedAt!: Date;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text' })
  subject!: string;

  @Field({ description: 'whether the complaint was found to be justified' })
  @Property({ type: 'boolean' })
  substantiated!: boolean;

  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  eventId!: string | null;
}
