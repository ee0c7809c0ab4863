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
