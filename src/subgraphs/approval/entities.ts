import { Entity, Enum, Index, Property } from '@mikro-orm/postgresql';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DepartmentRecord } from '../department-kit';

export enum PermitStatus {
  VALID = 'VALID',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}
registerEnumType(PermitStatus, { name: 'PermitStatus' });

export enum CommitmentStatus {
  PENDING = 'PENDING',
  FULFILLED = 'FULFILLED',
  BREACHED = 'BREACHED',
  FULFILLED_LATE = 'FULFILLED_LATE',
}
registerEnumType(CommitmentStatus, {
  name: 'CommitmentStatus',
  valuesConfig: {
    PENDING: { description: 'signed, not yet verified' },
    FULFILLED: { description: 'verified as kept' },
    BREACHED: { description: 'not kept by the due date, or found untrue' },
    FULFILLED_LATE: { description: 'breached at its due date, then kept late: the breach stays on record, its bar on commitment-based approval is lifted' },
  },
});

@ObjectType({ description: 'An administrative permit (licence) issued to the merchant.' })
@Entity()
@Index({ properties: ['uscc', 'issuedAt'] })
export class Permit extends DepartmentRecord {
  @Field(() => String, { nullable: true, description: "the department's own record id; recording it again returns this record" })
  @Property({ length: 100, nullable: true, unique: true })
  sourceRecordId!: string | null;

  @Field({ description: 'the licensed matter, e.g. 食品经营许可' })
  @Property({ length: 100 })
  matter!: string;

  @Field(() => String, { nullable: true, description: 'number printed on the permit' })
  @Property({ length: 60, unique: true })
  permitNumber!: string;

  @Field()
  @Property({ type: 'timestamptz' })
  issuedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'end of validity; none for a permit without a term' })
  @Property({ type: 'timestamptz', nullable: true })
  validUntil!: Date | null;

  @Field(() => PermitStatus)
  @Enum({ items: () => PermitStatus })
  status!: PermitStatus;

  @Field(() => ID, { nullable: true, description: 'the credit event a revocation or a lapse produced' })
  @Property({ type: 'uuid', nullable: true })
  eventId!: string | null;
}

@ObjectType({ description: 'A credit commitment: a promise the merchant signed at an approval in place of a document, verified by a due date.' })
@Entity()
@Index({ properties: ['uscc', 'signedAt'] })
// the lapse check reads only the promises still open
@Index({
  name: 'commitment_pending_due',
  expression: `create index "commitment_pending_due" on "approval"."commitment" ("due_date") where "status" = 'PENDING'`,
})
export class Commitment extends DepartmentRecord {
  @Field({ description: 'the approval matter the commitment was signed for, and what it promises' })
  @Property({ length: 200 })
  matter!: string;

  @Field()
  @Property({ type: 'timestamptz' })
  signedAt!: Date;

  @Field({ description: 'by when the promise must be kept' })
  @Property({ type: 'timestamptz' })
  dueDate!: Date;

  @Field(() => CommitmentStatus)
  @Enum({ items: () => CommitmentStatus })
  status!: CommitmentStatus;

  @Field(() => Date, { nullable: true, description: 'when the approval bureau checked whether the promise was kept' })
  @Property({ type: 'timestamptz', nullable: true })
  verifiedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "the approval bureau's own record id" })
  @Property({ length: 100, unique: true })
  sourceRecordId!: string;

  @Field(() => ID, { nullable: true, description: 'the credit event the verification produced' })
  @Property({ type: 'uuid', nullable: true })
  eventId!: string | null;

  @Field(() => Date, { nullable: true, description: 'when a breached promise was kept late' })
  @Property({ type: 'timestamptz', nullable: true })
  fulfilledLateAt!: Date | null;

  @Property({ length: 200, nullable: true })
  signedBy!: string | null;

  @Property({ length: 200, nullable: true })
  verifiedBy!: string | null;

  @Field(() => String, { nullable: true, description: "the verifying officer's note" })
  @Property({ type: 'text', nullable: true })
  verificationNote!: string | null;
}
