import { Directive, Field, ID, InputType, ObjectType } from 'type-graphql';
import type { Department as DepartmentValue } from '../catalogue/types';
import type { EventStatus } from '../credit-engine/types';
import { CreditCode } from '../scalars';
import { CreditEventStatus, Department } from '../vocabulary';

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

  @Field(() => Department)
  department!: DepartmentValue;

  @Field()
  occurredAt!: Date;

  @Field(() => Date, { nullable: true, description: 'when the behaviour or listing ended, if it has' })
  endedAt!: Date | null;

  @Field(() => CreditEventStatus)
  status!: EventStatus;

  @Field(() => String, { nullable: true })
  summary!: string;

  @Field(() => String, { nullable: true })
  evidenceUrl!: string | null;

  @Field(() => String, { nullable: true, description: "the department's own record id; recording it again returns this event" })
  sourceRecordId!: string;

  @Field(() => Date, { nullable: true })
  recordedAt!: Date;
}

/**
 * A record the credit office's decisions took out of publication: revoked on objection (it never counted, so it is
 * never shown), or repaired (not shown from the repair's date). The credit office hands the departments these with
 * each merchant, so that what they show the public agrees with its decisions.
 */
@Directive('@shareable')
@ObjectType({ description: "A record the credit office's decisions took out of publication, and from when." })
export class WithdrawnRecord {
  @Field(() => ID, { description: 'the credit event' })
  eventId!: string;

  @Field(() => Date, { nullable: true, description: "the repair's date; none when the record was revoked and is never shown" })
  from!: Date | null;
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
