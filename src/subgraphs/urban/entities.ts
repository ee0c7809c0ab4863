import { Entity, Enum, Index, Property } from '@mikro-orm/postgresql';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DepartmentRecord } from '../department-kit';

export enum ConsumerReportStatus {
  SUBMITTED = 'SUBMITTED',
  /** handed to an officer to check on site */
  DISPATCHED = 'DISPATCHED',
  VERIFIED = 'VERIFIED',
  REJECTED = 'REJECTED',
}
registerEnumType(ConsumerReportStatus, {
  name: 'ConsumerReportStatus',
  description: 'Where a consumer report stands: only a verified one counts towards credit.',
  valuesConfig: {
    DISPATCHED: { description: 'handed to an officer, who checks it on site' },
    VERIFIED: { description: 'confirmed by the officer: it produced a credit event' },
    REJECTED: { description: 'not confirmed on site: it has no effect' },
  },
});

@ObjectType({ description: "An urban-management officer's observation of a street shop's conduct, negative or positive." })
@Entity()
@Index({ properties: ['uscc', 'observedAt'] })
export class ConductRecord extends DepartmentRecord {
  @Field(() => String, { nullable: true, description: "the department's own record id; recording it again returns this record" })
  @Property({ length: 100, nullable: true, unique: true })
  sourceRecordId!: string | null;

  @Field()
  @Property({ type: 'timestamptz' })
  observedAt!: Date;

  @Field({ description: 'catalogue code of the behaviour (URB-…)' })
  @Property({ length: 40 })
  code!: string;

  @Field({ description: 'the behaviour as the catalogue names it' })
  @Property({ type: 'text' })
  behaviour!: string;

  @Field(() => String, { nullable: true, description: 'where the behaviour was observed' })
  @Property({ type: 'text' })
  location!: string;

  @Field(() => String, { nullable: true, description: "the recording officer's name or badge number" })
  @Property({ length: 100, nullable: true })
  officer!: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  photoUrl!: string | null;

  @Field(() => ID, { nullable: true, description: 'the credit event this observation produced; none when rectified on the spot' })
  @Property({ type: 'uuid', nullable: true })
  eventId!: string | null;
}

@ObjectType({ description: "A consumer's photo report about a street shop, which an officer verifies or rejects." })
@Entity()
@Index({ properties: ['uscc', 'submittedAt'] })
export class ConsumerReport extends DepartmentRecord {
  @Field()
  @Property({ type: 'timestamptz' })
  submittedAt!: Date;

  @Field(() => String, { nullable: true, description: 'what the consumer reported' })
  @Property({ type: 'text' })
  text!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  photoUrl!: string | null;

  @Field(() => ConsumerReportStatus)
  @Enum({ items: () => ConsumerReportStatus })
  status!: ConsumerReportStatus;

  @Field(() => Date, { nullable: true, description: 'when the officer concluded the check, verified or rejected' })
  @Property({ type: 'timestamptz', nullable: true })
  verifiedAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'the credit event a verified report produced' })
  @Property({ type: 'uuid', nullable: true })
  eventId!: string | null;

  @Field(() => String, { nullable: true, description: 'the officer the report was handed to' })
  @Property({ length: 200, nullable: true })
  dispatchedTo!: string | null;

  @Field(() => String, { nullable: true, description: 'the catalogue code a verified report evidences' })
  @Property({ length: 40, nullable: true })
  code!: string | null;

  @Property({ length: 200, nullable: true })
  decidedBy!: string | null;

  @Field(() => String, { nullable: true, description: "the officer's finding: why it was verified or rejected" })
  @Property({ type: 'text', nullable: true })
  finding!: string | null;
}
