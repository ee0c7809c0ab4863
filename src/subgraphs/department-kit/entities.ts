import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';
import { Field, ID, ObjectType } from 'type-graphql';
import type { EventStatus } from '../../credit-engine/types';
import { CreditEventStatus } from '../../vocabulary';

/** The stored form of a department's credit event: the same table in each department's own schema. */
@Entity({ tableName: 'credit_event' })
@Index({ properties: ['uscc', 'occurredAt'] })
export class CreditEventRecord {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ length: 18 })
  uscc!: string;

  @Property({ length: 40 })
  code!: string;

  @Property({ type: 'timestamptz' })
  occurredAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Enum({ items: () => CreditEventStatus, nativeEnumName: undefined, default: CreditEventStatus.ACTIVE })
  status!: EventStatus;

  @Property({ type: 'text' })
  summary!: string;

  @Property({ type: 'text', nullable: true })
  evidenceUrl!: string | null;

  @Unique()
  @Property({ length: 100 })
  sourceRecordId!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  recordedAt!: Date;

  @Property({ length: 200, nullable: true })
  recordedBy!: string | null;
}

/**
 * What every record of a department has: its own id, and the merchant it is about (the graph's join key).
 * The credit event a record produced (`eventId`) each record declares itself: where it stands among the
 * record's fields, and what its description says, differ from record to record.
 */
// never reached from a query on its own, so the schema shows only the concrete records
@ObjectType()
@Entity({ abstract: true })
export abstract class DepartmentRecord {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ length: 18 })
  uscc!: string;
}

/** A kind of record a department keeps, declared once: its entity (and GraphQL type), and its list on Merchant. */
export interface RecordKind {
  entity: new () => DepartmentRecord;
  /** the list's field on Merchant */
  list: string;
  /** the column that orders the list, newest first */
  newestFirst: string;
  /** the list's description in the schema */
  description: string;
}

/** Declares a kind of record; the ordering column is checked against the entity. */
export function recordKind<T extends DepartmentRecord>(
  entity: new () => T,
  o: { list: string; newestFirst: keyof T & string; description: string },
): RecordKind {
  return { entity, ...o };
}
