import { Directive, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { CreditCode } from '../scalars';

export enum DepartmentName {
  MARKET = 'market',
  URBAN = 'urban',
  APPROVAL = 'approval',
  FINANCE = 'finance',
}
registerEnumType(DepartmentName, { name: 'Department', description: 'A department that records credit information.' });

export enum CreditEventStatus {
  /** in force */
  ACTIVE = 'ACTIVE',
  /** the behaviour or listing has ended (a list exit, an arrear settled) */
  ENDED = 'ENDED',
  /** the department itself annulled its decision (reconsideration, court ruling) */
  RESCINDED = 'RESCINDED',
  /** negative information past its retention (5 years from the end of the behaviour): shown to administrators only */
  EXPIRED = 'EXPIRED',
}
registerEnumType(CreditEventStatus, { name: 'CreditEventStatus' });

/** A department's fact in the standard shape the credit office judges. */
@Directive('@shareable')
@ObjectType({ description: "A department's credit information about a merchant, in the standard shape the credit office scores." })
export class CreditEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => CreditCode)
  uscc!: string;

  @Field({ description: 'catalogue code of the behaviour' })
  code!: string;

  @Field(() => DepartmentName)
  department!: DepartmentName;

  @Field()
  occurredAt!: Date;

  @Field(() => Date, { nullable: true, description: 'when the behaviour or listing ended, if it has' })
  endedAt!: Date | null;

  @Field(() => CreditEventStatus)
  status!: CreditEventStatus;

  @Field(() => String, { nullable: true })
  summary!: string;

  @Field(() => String, { nullable: true })
  evidenceUrl!: string | null;

  @Field(() => String, { nullable: true, description: "the department's own record id; recording it again returns this event" })
  sourceRecordId!: string;

  @Field(() => Date, { nullable: true })
  recordedAt!: Date;
}

@InputType({ description: 'A credit event as a department records it; idempotent on sourceRecordId.' })
export class RecordEventInput {
  @Field(() => CreditCode)
  uscc!: string;

  @Field()
  code!: string;

  @Field()
  occurredAt!: Date;

  @Field({ description: "the department's own record id (unique within the department)" })
  sourceRecordId!: string;

  @Field()
  summary!: string;

  @Field(() => String, { nullable: true })
  evidenceUrl?: string | null;

  @Field(() => Date, { nullable: true })
  endedAt?: Date | null;
}
