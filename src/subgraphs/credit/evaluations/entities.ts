import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';

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

/**
 * A merchant's assessment fixed for a cycle: what dashboards count and appeals cite, and what the directory
 * filters by grade, list and risk class (the latest finished cycle's), page by page in credit-code order: hence the
 * code last in the grade's and the risk class's indexes, and one partial index per list.
 */
@Entity({ tableName: 'snapshot' })
@Index({ properties: ['cycle', 'grade', 'uscc'] })
@Index({ properties: ['cycle', 'riskClass', 'uscc'] })
@Index({
  name: 'snapshot_red_list',
  expression: `create index "snapshot_red_list" on "credit"."snapshot" ("cycle", "uscc") where "lists" @> '{RED}'::text[]`,
})
@Index({
  name: 'snapshot_black_list',
  expression: `create index "snapshot_black_list" on "credit"."snapshot" ("cycle", "uscc") where "lists" @> '{BLACK}'::text[]`,
})
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

  /** the lists (RED, BLACK) the merchant was on when judged; null in a snapshot kept before lists were recorded */
  @Property({ type: 'text[]', nullable: true })
  lists!: string[] | null;

  /** the internal risk class market supervision draws inspections by; null in a snapshot kept before risk classes were recorded */
  @Property({ length: 10, nullable: true })
  riskClass!: string | null;
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
