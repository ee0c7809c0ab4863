import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { Department } from '../../../catalogue/types';
import * as vocabulary from '../../../vocabulary';

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

  @Field(() => vocabulary.Department)
  @Property({ type: 'string', length: 20 })
  department!: Department;

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
@Unique({
  name: 'objection_one_pending',
  expression: `create unique index "objection_one_pending" on "credit"."objection" ("event_id") where "state" = 'PENDING'`,
})
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
