import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Field, ObjectType } from 'type-graphql';

/** A merchant's consent that a bank organisation may read its credit for loans, until a date. */
@ObjectType('Consent', { description: "A merchant's consent that a bank may read its credit, until a date." })
@Entity({ tableName: 'consent' })
@Index({ properties: ['org', 'uscc'] })
export class ConsentRecord {
  @PrimaryKey({ length: 18 })
  uscc!: string;

  @Field()
  @PrimaryKey({ length: 200 })
  org!: string;

  @Field()
  @Property({ type: 'timestamptz' })
  grantedAt!: Date;

  @Field()
  @Property({ type: 'timestamptz' })
  until!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Field({ description: 'granted, not revoked, and not yet past its date' })
  valid!: boolean;
}

/** One request's reads of non-public data about one merchant: who, why, which fields, with what outcome. */
@Entity({ tableName: 'access_log' })
@Index({ properties: ['uscc', 'at', 'id'] })
export class AccessLogRecord {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  at!: Date;

  @Property({ length: 18 })
  uscc!: string;

  @Property({ length: 200 })
  subject!: string;

  @Property({ length: 200, nullable: true })
  org!: string | null;

  @Property({ length: 200 })
  role!: string;

  @Property({ length: 20, nullable: true })
  department!: string | null;

  @Property({ type: 'text', nullable: true })
  purpose!: string | null;

  @Property({ type: 'json' })
  fields!: string[];

  @Property({ length: 200, nullable: true })
  operation!: string | null;

  @Property({ length: 100 })
  requestId!: string;

  @Property({ length: 10 })
  outcome!: string;
}
