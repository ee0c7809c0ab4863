import { check, must, recordWrite } from '../department-kit';
import { Loan, LoanStatus, Subsidy, TaxpayerGrade, TaxpayerRating } from './entities';
import { LoanDefaultInput, SubsidyFraudInput, TaxpayerRatingInput } from './types';

/** The score band of each rating that has one; D is also given for a major violation, whatever the score. */
const BANDS: Partial<Record<TaxpayerGrade, [min: number, max: number]>> = { A: [90, 100], B: [70, 89], C: [40, 69], D: [0, 100] };
const MAX_YUAN = 2_000_000_000;

export const taxpayerRating = recordWrite<TaxpayerRatingInput>({
  entity: TaxpayerRating,
  mutation: 'recordTaxpayerRating',
  description: 'records a taxpayer credit rating and its credit event (FIN-TAX-<rating>; none for M); one rating per merchant and tax year',
  input: TaxpayerRatingInput,
  kind: 'taxpayer-rating',
  columns: { uscc: 'text', sourceRecordId: 'text', year: 'int', rating: 'text', score: 'int?', ratedAt: 'date' },
  sameFact: ['year', 'rating', 'score'],
  derive(i, now) {
    const rating = check.oneOf(i.rating, TaxpayerGrade, 'rating');
    const ratedAt = check.date(i.ratedAt, 'ratedAt', now);
    const year = check.whole(i.year, 'year', 2000, ratedAt.getUTCFullYear() - 1);
    const band = BANDS[rating];
    const score = i.score ?? null;
    must(band || score === null, 'score', 'a new taxpayer (M) is not rated yet, so it has no score');
    if (band && score !== null)
      must(Number.isInteger(score) && score >= band[0] && score <= band[1], 'score', `a rating of ${rating} has a score from ${band[0]} to ${band[1]}`);
    return {
      uscc: check.uscc(i.uscc),
      sourceRecordId: check.recordId(i.sourceRecordId),
      columns: { year, rating, score, rated_at: ratedAt },
      event: rating === TaxpayerGrade.M ? null : { code: `FIN-TAX-${rating}`, occurredAt: ratedAt, summary: `${year}年度纳税信用等级评为${rating}级。` },
    };
  },
});

export const loanDefault = recordWrite<LoanDefaultInput>({
  entity: Loan,
  mutation: 'recordLoanDefault',
  description: 'records a credit loan in default and its credit event (FIN-LOAN-DEFAULT); the same sourceRecordId again returns the stored loan',
  input: LoanDefaultInput,
  kind: 'loan-default',
  columns: { uscc: 'text', sourceRecordId: 'text', lender: 'text', amountYuan: 'int', grantedAt: 'date', dueAt: 'date', defaultedAt: 'date' },
  sameFact: ['lender', 'amount_yuan', 'granted_at', 'due_at', 'status'],
  derive(i, now) {
    const lender = check.text(i.lender, 'lender', 100);
    const amountYuan = check.whole(i.amountYuan, 'amountYuan', 1, MAX_YUAN);
    const grantedAt = check.date(i.grantedAt, 'grantedAt', now);
    const defaultedAt = check.date(i.defaultedAt, 'defaultedAt', now);
    must(i.dueAt > grantedAt, 'dueAt', 'dueAt must lie after grantedAt');
    must(defaultedAt > i.dueAt, 'defaultedAt', 'a loan defaults after it falls due: defaultedAt must lie after dueAt');
    return {
      uscc: check.uscc(i.uscc),
      sourceRecordId: check.recordId(i.sourceRecordId),
      columns: { lender, amount_yuan: amountYuan, granted_at: grantedAt, due_at: i.dueAt, status: LoanStatus.DEFAULTED, settled_at: null },
      event: { code: 'FIN-LOAN-DEFAULT', occurredAt: defaultedAt, summary: `${lender}发放的${amountYuan}元信用贷款到期未还，已违约。` },
    };
  },
});

export const subsidyFraud = recordWrite<SubsidyFraudInput>({
  entity: Subsidy,
  mutation: 'recordSubsidyFraud',
  description: 'records a subsidy found fraudulently claimed and its credit event (FIN-SUB-FRAUD); the same sourceRecordId again returns it',
  input: SubsidyFraudInput,
  kind: 'subsidy-fraud',
  columns: { uscc: 'text', sourceRecordId: 'text', programme: 'text', amountYuan: 'int', paidAt: 'date', foundAt: 'date', finding: 'text' },
  sameFact: ['programme', 'amount_yuan', 'paid_at'],
  derive(i, now) {
    const programme = check.text(i.programme, 'programme', 200);
    const amountYuan = check.whole(i.amountYuan, 'amountYuan', 1, MAX_YUAN);
    const paidAt = check.date(i.paidAt, 'paidAt', now);
    const foundAt = check.date(i.foundAt, 'foundAt', now);
    must(foundAt >= paidAt, 'foundAt', 'foundAt must not lie before paidAt: a subsidy is found fraudulent after it was paid');
    const finding = check.text(i.finding, 'finding', 2000);
    return {
      uscc: check.uscc(i.uscc),
      sourceRecordId: check.recordId(i.sourceRecordId),
      columns: { programme, amount_yuan: amountYuan, paid_at: paidAt },
      event: { code: 'FIN-SUB-FRAUD', occurredAt: foundAt, summary: `骗取${programme}补贴${amountYuan}元：${finding}` },
    };
  },
});

export const financeWrites = [taxpayerRating, loanDefault, subsidyFraud];
