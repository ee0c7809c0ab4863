import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';
import { CreditEventStatus } from './types';

/** The stored form of a department's credit event; each department has this table in its own schema. */
@Entity({ abstract: true })
@Index({ properties: ['uscc', 'occurredAt'] })
export abstract class CreditEventRecord {
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
  status!: CreditEventStatus;

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
