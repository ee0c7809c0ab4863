import { Field, ObjectType } from 'type-graphql';
import type { ApprovalMode } from '../../../credit-engine';
import { CreditCode } from '../../../scalars';
import * as vocabulary from '../../../vocabulary';
import { AppliedMeasure } from '../judgment/types';

@ObjectType({ description: 'A commitment as the approval window weighs it.' })
export class CheckedCommitment {
  @Field()
  matter!: string;

  @Field()
  status!: string;

  @Field()
  dueDate!: Date;

  @Field()
  overdue!: boolean;
}

@ObjectType({ description: 'What an approval window needs to decide how to treat an applicant, in one answer.' })
export class ApprovalCheck {
  @Field(() => CreditCode)
  uscc!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true, description: 'the matter applied for, as the clerk gave it' })
  matter!: string | null;

  @Field(() => vocabulary.ApprovalMode)
  mode!: ApprovalMode;

  @Field(() => [String])
  reasons!: string[];

  @Field(() => [String], { description: 'to show the clerk' })
  warnings!: string[];

  @Field(() => [CheckedCommitment], { description: 'open and breached commitments' })
  commitments!: CheckedCommitment[];

  @Field(() => [AppliedMeasure], { description: 'the measures of the APPROVAL context that apply' })
  measures!: AppliedMeasure[];
}
