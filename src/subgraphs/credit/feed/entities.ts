import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Field, ID, ObjectType } from 'type-graphql';
import { CreditCode } from '../../../scalars';

/** How far the credit office has read each department's fact log (and its own decisions' log, and the rules' change log). */
@Entity({ tableName: 'feed_cursor' })
export class FeedCursor {
  @PrimaryKey({ length: 20 })
  source!: string;

  @Property({ type: 'bigint' })
  position!: string;

  /** a change that touches every merchant is followed in batches: the last merchant re-judged for the change after `position` */
  @Property({ length: 18, nullable: true })
  afterMerchant?: string | null;
}

/** A record that counts until a date: when that date passes, the merchant's judgment changes without a new fact. */
export interface Ending {
  eventId: string;
  code: string;
  until: string;
}

/** Each merchant's grade and measures as last recorded in the change feed: what the next change is measured against. */
@Entity({ tableName: 'standing' })
export class Standing {
  @PrimaryKey({ length: 18 })
  uscc!: string;

  @Property({ length: 10 })
  grade!: string;

  @Property({ type: 'json' })
  measures!: string[];

  @Property({ type: 'timestamptz' })
  assessedAt!: Date;

  /** the records that count until a date, the first to end first */
  @Property({ type: 'json', nullable: true })
  endings?: Ending[] | null;

  /** when the first of them ends: the feed re-judges the merchant then */
  @Index()
  @Property({ type: 'timestamptz', nullable: true })
  changesAt?: Date | null;
}

/** A merchant the change feed went past because it could not judge it (a record the judge cannot read), and why. */
@Entity({ tableName: 'feed_problem' })
export class FeedProblem {
  @PrimaryKey({ length: 18 })
  uscc!: string;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'timestamptz' })
  at!: Date;
}

/** A change of a merchant's grade or measures, recorded once, in order. */
@ObjectType('CreditChange', { description: "A change of a merchant's grade or of the measures that apply to it, and its cause." })
@Entity({ tableName: 'credit_change' })
@Index({ properties: ['uscc', 'seq'] })
export class CreditChangeRecord {
  @Field(() => ID, { description: 'its place in the feed' })
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  seq!: string;

  @Field(() => CreditCode)
  @Property({ length: 18 })
  uscc!: string;

  @Field(() => String, { nullable: true, description: 'none when the merchant enters the feed' })
  @Property({ length: 10, nullable: true })
  gradeBefore!: string | null;

  @Field()
  @Property({ length: 10 })
  gradeAfter!: string;

  @Field(() => [String], { description: 'ids of the measures that now apply and did not' })
  @Property({ type: 'json' })
  measuresAdded!: string[];

  @Field(() => [String], { description: 'ids of the measures that no longer apply' })
  @Property({ type: 'json' })
  measuresRemoved!: string[];

  @Field({ description: 'the facts or decisions that caused it' })
  @Property({ type: 'text' })
  cause!: string;

  @Field()
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  occurredAt!: Date;
}

/** A department's endpoint that is pushed every credit change and its worklist's notices, in order, until it answers 2xx. */
@ObjectType('Webhook', { description: "A department's endpoint that the hub pushes every credit change and its worklist's notices to." })
@Entity({ tableName: 'webhook' })
export class WebhookRecord {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Field()
  @Property({ type: 'text' })
  url!: string;

  @Field({ description: 'the department it delivers to (or admin)' })
  @Property({ length: 20 })
  owner!: string;

  /** signs each delivery (HMAC-SHA256), so the receiver knows it comes from the hub */
  @Property({ length: 64 })
  secret!: string;

  @Field({ description: 'the last change delivered (its place in the feed)' })
  @Property({ type: 'bigint', default: 0 })
  deliveredThrough!: string;

  @Field({ description: "the last of its department's worklist notices delivered (its place in the notices)" })
  @Property({ type: 'bigint', default: 0 })
  noticesDeliveredThrough!: string;

  @Field()
  @Property({ type: 'integer', default: 0 })
  failedAttempts!: number;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  nextAttemptAt!: Date;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  lastError!: string | null;

  @Field()
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  removedAt!: Date | null;
}
