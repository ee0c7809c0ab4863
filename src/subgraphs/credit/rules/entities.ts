import { Entity, PrimaryKey, Property } from '@mikro-orm/postgresql';
import type { Measure, Scheme } from '../../../credit-engine';

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

/** Each change of the rules in force (a scheme version published, a measure added or retired), in order: the change feed re-judges every merchant after one. */
@Entity({ tableName: 'rules_change' })
export class RulesChange {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  seq!: string;

  @Property({ type: 'text' })
  change!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  at!: Date;
}
