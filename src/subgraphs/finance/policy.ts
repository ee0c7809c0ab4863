import { records, type PolicyTable } from '../../auth/policy';

const ratings = records('finance', { disclosable: false, summary: 'id year rating ratedAt eventId', detail: 'score', internal: 'sourceRecordId' });
const loans = records('finance', {
  disclosable: false,
  summary: 'id grantedAt status eventId',
  detail: 'lender amountYuan dueAt settledAt',
  internal: 'sourceRecordId',
});
const arrears = records('finance', { disclosable: false, summary: 'id kind since settledAt eventId', detail: 'amountYuan' });
const subsidies = records('finance', { disclosable: false, summary: 'id paidAt eventId', detail: 'programme amountYuan', internal: 'sourceRecordId' });

/** Finance's slice of the policy table: who may read its records (a bank, with the merchant's consent). */
export const financePolicy: PolicyTable = {
  Merchant: { taxpayerRatings: ratings.list, loans: loans.list, arrears: arrears.list, subsidies: subsidies.list },
  TaxpayerRating: ratings.fields,
  Loan: loans.fields,
  Arrear: arrears.fields,
  Subsidy: subsidies.fields,
};
