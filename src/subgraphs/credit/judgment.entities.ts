import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DepartmentName } from '../../events/types';
import type { Measure, Scheme } from '../../credit-engine';

/** One version of a scoring scheme; a change is a new row, never an update. */
@Entity({ tableName: 'scheme' })
export class SchemeVersion {
  @PrimaryKey({ length: 60 })
  id!: string;

  @PrimaryKey({ type: 'integer' })
  version!: number;

  @Property({ type: 'json' })
  definition!: Scheme;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;

  @Property({ length: 200, nullable: true })
  createdBy!: string | null;
}

/** A joint reward or punishment measure; retired, never deleted, so past decisions stay explainable. */
@Entity({ tableName: 'measure' })
export class MeasureRecord {
  @PrimaryKey({ length: 60 })
  id!: string;

  @Property({ type: 'json' })
  definition!: Measure;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;

  @Property({ length: 200, nullable: true })
  createdBy!: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;
}

export enum ObjectionState {
  PENDING = 'PENDING',
  UPHELD = 'UPHELD',
  REVOKED = 'REVOKED',
}
registerEnumType(ObjectionState, { name: 'ObjectionState' });

export enum RepairState {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(RepairState, { name: 'RepairState' });

/** What a merchant's request about one of its records carries: the record, and the decision on it. */
@ObjectType()
@Entity({ abstract: true })
export abstract class RecordRequest {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Field(() => ID)
  @Property({ type: 'uuid' })
  eventId!: string;

  @Property({ length: 18 })
  uscc!: string;

  @Field(() => DepartmentName)
  @Property({ length: 20 })
  department!: string;

  @Field()
  @Property({ length: 40 })
  code!: string;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ length: 200, nullable: true })
  decidedBy!: string | null;
}

/** A merchant's objection to a department's record; the department (or an administrator) decides it. */
@ObjectType('Objection', { description: "A merchant's objection to a record, and the department's decision." })
@Entity({ tableName: 'objection' })
@Index({ properties: ['uscc', 'filedAt'] })
// one open objection per record, enforced by PostgreSQL so concurrent filings cannot both succeed
@Unique({ name: 'objection_one_pending', expression: `create unique index "objection_one_pending" on "credit"."objection" ("event_id") where "state" = 'PENDING'` })
export class ObjectionRecord extends RecordRequest {
  @Field()
  @Property({ type: 'text' })
  reason!: string;

  @Field()
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  filedAt!: Date;

  @Property({ length: 200 })
  filedBy!: string;

  @Field(() => ObjectionState)
  @Enum({ items: () => ObjectionState, default: ObjectionState.PENDING })
  state!: ObjectionState;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  decisionNote!: string | null;
}

/** A merchant's application to repair a record after correcting the behaviour. */
@ObjectType('RepairApplication', { description: "A merchant's application to repair a record, and the department's decision." })
@Entity({ tableName: 'repair_application' })
@Index({ properties: ['uscc', 'appliedAt'] })
// one open or approved repair per record
@Unique({
  name: 'repair_one_open',
  expression: `create unique index "repair_one_open" on "credit"."repair_application" ("event_id") where "state" in ('PENDING', 'APPROVED')`,
})
export class RepairApplicationRecord extends RecordRequest {
  @Field()
  @Property({ type: 'text' })
  statement!: string;

  @Field()
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  appliedAt!: Date;

  @Property({ length: 200 })
  appliedBy!: string;

  @Field(() => RepairState)
  @Enum({ items: () => RepairState, default: RepairState.PENDING })
  state!: RepairState;
}

/** One evaluation run of a cycle. */
@Entity({ tableName: 'evaluation' })
export class EvaluationRecord {
  @PrimaryKey({ length: 20 })
  cycle!: string;

  @Property({ type: 'timestamptz' })
  startedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Property({ type: 'integer', default: 0 })
  merchants!: number;

  @Property({ type: 'timestamptz' })
  evaluatedAt!: Date;

  /** the merchants the last run could not judge (a record the judge cannot read), and why */
  @Property({ type: 'json', default: '[]' })
  unjudged!: { uscc: string; reason: string }[];
}

/** A merchant's assessment fixed for a cycle: what dashboards count and appeals cite. */
@Entity({ tableName: 'snapshot' })
@Index({ properties: ['cycle', 'grade'] })
@Index({ properties: ['cycle', 'district', 'street'] })
@Index({ properties: ['cycle', 'trade'] })
export class SnapshotRecord {
  @PrimaryKey({ length: 20 })
  cycle!: string;

  @PrimaryKey({ length: 18 })
  uscc!: string;

  @Property({ type: 'integer' })
  score!: number;

  @Property({ length: 10 })
  grade!: string;

  @Property({ length: 60 })
  schemeId!: string;

  @Property({ type: 'integer' })
  schemeVersion!: number;

  /** sha-256 of the inputs (events, decisions, scheme version, date): the same digest, the same judgment */
  @Property({ length: 64 })
  digest!: string;

  @Property({ type: 'timestamptz' })
  evaluatedAt!: Date;

  // the directory's dimensions as they were, so dashboards aggregate snapshots alone
  @Property({ length: 60 })
  district!: string;

  @Property({ length: 60 })
  street!: string;

  @Property({ length: 60 })
  trade!: string;

  @Property({ length: 30 })
  kind!: string;

  /** catalogue codes of the negative records that counted */
  @Property({ type: 'text[]' })
  violations!: string[];

  /** ids of the measures that applied */
  @Property({ type: 'text[]' })
  measures!: string[];
}

/** A cycle's grade counts by the directory's dimensions, summed once when its evaluation ends: dashboards read these. */
@Entity({ tableName: 'snapshot_summary' })
export class SnapshotSummary {
  @PrimaryKey({ length: 20 })
  cycle!: string;

  @PrimaryKey({ length: 60 })
  district!: string;

  @PrimaryKey({ length: 60 })
  street!: string;

  @PrimaryKey({ length: 60 })
  trade!: string;

  @PrimaryKey({ length: 30 })
  kind!: string;

  @PrimaryKey({ length: 10 })
  grade!: string;

  @Property({ type: 'integer' })
  merchants!: number;
}

/** A cycle's count of merchants per violation code or measure id, summed once when its evaluation ends. */
@Entity({ tableName: 'snapshot_tally' })
export class SnapshotTally {
  @PrimaryKey({ length: 20 })
  cycle!: string;

  /** `violation` or `measure` */
  @PrimaryKey({ length: 10 })
  tally!: string;

  @PrimaryKey({ length: 60 })
  item!: string;

  @Property({ type: 'integer' })
  merchants!: number;
}
