import { Field, InputType, registerEnumType } from 'type-graphql';
import { CreditCode } from '../../scalars';

export enum CommitmentOutcome {
  FULFILLED = 'FULFILLED',
  BREACHED = 'BREACHED',
}
registerEnumType(CommitmentOutcome, { name: 'CommitmentOutcome' });

@InputType({ description: 'A credit commitment signed at an approval window in place of a document.' })
export class SignCommitmentInput {
  @Field(() => CreditCode)
  uscc!: string;

  @Field({ description: 'the approval matter, and what is promised' })
  matter!: string;

  @Field({ description: 'by when the promise will be checked' })
  dueDate!: Date;

  @Field({ description: "the approval bureau's own record id; signing it again returns this commitment" })
  sourceRecordId!: string;
}

@InputType({ description: 'A permit granted: the decision that issued it.' })
export class PermitInput {
  @Field(() => CreditCode)
  uscc!: string;

  @Field({ description: "the approval bureau's own record id of the decision" })
  sourceRecordId!: string;

  @Field({ description: 'the licensed matter, e.g. 食品经营许可' })
  matter!: string;

  @Field({ description: 'number printed on the permit' })
  permitNumber!: string;

  @Field()
  issuedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'end of validity; none for a permit without a term' })
  validUntil?: Date | null;
}

export enum RevocationGround {
  VIOLATION = 'VIOLATION',
  IMPROPER_MEANS = 'IMPROPER_MEANS',
}
registerEnumType(RevocationGround, {
  name: 'RevocationGround',
  description: 'why a permit is taken away: it sets the catalogue code',
  valuesConfig: {
    VIOLATION: { description: 'revoked (吊销) as a penalty for violations (APR-PMT-REVOKED)' },
    IMPROPER_MEANS: { description: 'withdrawn (撤销): obtained by deception, bribery or other improper means (APR-PMT-FRAUD)' },
  },
});

@InputType({ description: 'A decision taking a permit away, with its credit event.' })
export class PermitRevocationInput {
  @Field({ description: 'the number of the permit taken away' })
  permitNumber!: string;

  @Field({ description: "the approval bureau's own record id of the revocation decision" })
  sourceRecordId!: string;

  @Field(() => RevocationGround)
  ground!: RevocationGround;

  @Field()
  revokedAt!: Date;

  @Field({ description: 'the grounds as the decision words them' })
  reason!: string;
}
