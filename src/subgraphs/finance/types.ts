import { Field, InputType, Int } from 'type-graphql';
import { CreditCode } from '../../scalars';
import { TaxpayerGrade } from './entities';

@InputType({ description: "The tax authority's taxpayer credit rating of a merchant for a tax year." })
export class TaxpayerRatingInput {
  @Field(() => CreditCode)
  uscc!: string;

  @Field({ description: "the tax authority's own record id of the rating" })
  sourceRecordId!: string;

  @Field(() => Int, { description: 'the tax year rated' })
  year!: number;

  @Field(() => TaxpayerGrade, { description: 'sets the catalogue code FIN-TAX-<rating>; M (a new taxpayer) has none' })
  rating!: TaxpayerGrade;

  @Field(() => Int, { nullable: true, description: 'rating score 0–100 (A ≥ 90, B 70–89, C 40–69); none for M' })
  score?: number | null;

  @Field({ description: 'when the rating was published, after the tax year' })
  ratedAt!: Date;
}

@InputType({ description: "A bank's credit loan to a merchant that went into default (FIN-LOAN-DEFAULT)." })
export class LoanDefaultInput {
  @Field(() => CreditCode)
  uscc!: string;

  @Field({ description: "the lender's own record id of the loan" })
  sourceRecordId!: string;

  @Field({ description: 'the lending bank' })
  lender!: string;

  @Field(() => Int, { description: 'principal in yuan' })
  amountYuan!: number;

  @Field()
  grantedAt!: Date;

  @Field({ description: 'when the loan fell due' })
  dueAt!: Date;

  @Field({ description: 'when it was classed as defaulted: unpaid more than 90 days after it fell due, or written off' })
  defaultedAt!: Date;
}

@InputType({ description: 'A consumption subsidy found to have been claimed fraudulently (FIN-SUB-FRAUD).' })
export class SubsidyFraudInput {
  @Field(() => CreditCode)
  uscc!: string;

  @Field({ description: "finance's own record id of the finding" })
  sourceRecordId!: string;

  @Field({ description: 'the subsidy programme that paid it' })
  programme!: string;

  @Field(() => Int, { description: 'amount paid in yuan' })
  amountYuan!: number;

  @Field()
  paidAt!: Date;

  @Field({ description: 'when the fraud was established' })
  foundAt!: Date;

  @Field({ description: 'what the check found' })
  finding!: string;
}
