import { Entity, Enum, Index, Property, Unique } from '@mikro-orm/postgresql';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DepartmentRecord } from '../department-kit';

export enum TaxpayerGrade {
  /** score 90 and above: a red-list trigger */
  A = 'A',
  /** 70–89 */
  B = 'B',
  /** a new taxpayer without a full year of data: not rated yet */
  M = 'M',
  /** 40–69 */
  C = 'C',
  /** below 40, or a major tax violation: a black-list trigger */
  D = 'D',
}
registerEnumType(TaxpayerGrade, { name: 'TaxpayerGrade', description: "the tax authority's taxpayer credit rating (纳税信用等级)" });

export enum LoanStatus {
  CURRENT = 'CURRENT',
  REPAID = 'REPAID',
  /** past its due date, unpaid for at most 90 days */
  OVERDUE = 'OVERDUE',
  /** unpaid more than 90 days after its due date, or written off */
  DEFAULTED = 'DEFAULTED',
}
registerEnumType(LoanStatus, { name: 'LoanStatus' });

export enum ArrearKind {
  TAX = 'TAX',
  /** water, electricity or gas charges */
  UTILITY = 'UTILITY',
  SOCIAL_INSURANCE = 'SOCIAL_INSURANCE',
}
registerEnumType(ArrearKind, { name: 'ArrearKind', description: 'what a merchant owes' });

@ObjectType({ description: "The tax authority's annual taxpayer credit rating of a merchant." })
@Entity()
@Unique({ properties: ['uscc', 'year'] })
@Index({ properties: ['uscc', 'ratedAt'] })
export class TaxpayerRating extends DepartmentRecord {
  @Field(() => String, { nullable: true, description: "the department's own record id; recording it again returns this record" })
  @Property({ length: 100, nullable: true, unique: true })
  sourceRecordId!: string | null;

  @Field(() => Int, { description: 'the tax year rated' })
  @Property({ type: 'integer' })
  year!: number;

  @Field(() => TaxpayerGrade)
  @Enum({ items: () => TaxpayerGrade })
  rating!: TaxpayerGrade;

  @Field(() => Int, { nullable: true, description: 'rating score 0–100; none for a new taxpayer (M)' })
  @Property({ type: 'integer', nullable: true })
  score!: number | null;

  @Field({ description: 'when the rating was published (April of the following year)' })
  @Property({ type: 'timestamptz' })
  ratedAt!: Date;

  @Field(() => ID, { nullable: true, description: 'the credit event this rating produced (none for M)' })
  @Property({ type: 'uuid', nullable: true })
  eventId!: string | null;
}

@ObjectType({ description: 'A credit loan granted to a merchant by a bank, and its repayment.' })
@Entity()
@Index({ properties: ['uscc', 'grantedAt'] })
export class Loan extends DepartmentRecord {
  @Field(() => String, { nullable: true, description: "the department's own record id; recording it again returns this record" })
  @Property({ length: 100, nullable: true, unique: true })
  sourceRecordId!: string | null;

  @Field(() => String, { nullable: true, description: 'the lending bank' })
  @Property({ length: 100 })
  lender!: string;

  @Field(() => Int, { nullable: true, description: 'principal in yuan' })
  @Property({ type: 'integer' })
  amountYuan!: number;

  @Field()
  @Property({ type: 'timestamptz' })
  grantedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'when the loan falls due' })
  @Property({ type: 'timestamptz' })
  dueAt!: Date;

  @Field(() => LoanStatus)
  @Enum({ items: () => LoanStatus })
  status!: LoanStatus;

  @Field(() => Date, { nullable: true, description: 'when the loan was repaid in full' })
  @Property({ type: 'timestamptz', nullable: true })
  settledAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'the credit event the repayment or the default produced' })
  @Property({ type: 'uuid', nullable: true })
  eventId!: string | null;
}

@ObjectType({ description: 'Tax, utility or social-insurance payments a merchant is or was in arrears with.' })
@Entity()
@Index({ properties: ['uscc', 'since'] })
export class Arrear extends DepartmentRecord {
  @Field(() => ArrearKind)
  @Enum({ items: () => ArrearKind })
  kind!: ArrearKind;

  @Field(() => Int, { nullable: true, description: 'amount owed in yuan' })
  @Property({ type: 'integer' })
  amountYuan!: number;

  @Field({ description: 'when the payment fell into arrears' })
  @Property({ type: 'timestamptz' })
  since!: Date;

  @Field(() => Date, { nullable: true, description: 'when the arrears were paid off' })
  @Property({ type: 'timestamptz', nullable: true })
  settledAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'the credit event the arrears produced (none when settled within the grace period)' })
  @Property({ type: 'uuid', nullable: true })
  eventId!: string | null;
}

@ObjectType({ description: 'A consumption subsidy paid to a merchant, e.g. for redeemed "instant discount" vouchers (立减金).' })
@Entity()
@Index({ properties: ['uscc', 'paidAt'] })
export class Subsidy extends DepartmentRecord {
  @Field(() => String, { nullable: true, description: "the department's own record id; recording it again returns this record" })
  @Property({ length: 100, nullable: true, unique: true })
  sourceRecordId!: string | null;

  @Field(() => String, { nullable: true, description: 'the subsidy programme that paid it' })
  @Property({ length: 200 })
  programme!: string;

  @Field(() => Int, { nullable: true, description: 'amount paid in yuan' })
  @Property({ type: 'integer' })
  amountYuan!: number;

  @Field()
  @Property({ type: 'timestamptz' })
  paidAt!: Date;

  @Field(() => ID, { nullable: true, description: 'the credit event of a subsidy found fraudulently claimed' })
  @Property({ type: 'uuid', nullable: true })
  eventId!: string | null;
}
