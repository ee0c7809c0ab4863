import { departmentSubgraph, recordKind } from '../department-kit';
import { financeDemo } from './demo';
import { Arrear, Loan, Subsidy, TaxpayerRating } from './entities';
import { financePolicy } from './policy';
import { financeWrites } from './records';

/** Finance: taxpayer credit ratings, bank credit loans, arrears, consumption subsidies. */
export const finance = departmentSubgraph({
  name: 'finance',
  records: [
    recordKind(TaxpayerRating, { list: 'taxpayerRatings', newestFirst: 'ratedAt', description: 'annual taxpayer credit ratings, newest first' }),
    recordKind(Loan, { list: 'loans', newestFirst: 'grantedAt', description: 'credit loans granted by banks, newest first' }),
    recordKind(Arrear, { list: 'arrears', newestFirst: 'since', description: 'tax, utility and social-insurance arrears, newest first' }),
    recordKind(Subsidy, { list: 'subsidies', newestFirst: 'paidAt', description: 'consumption subsidies paid, newest first' }),
  ],
  writes: financeWrites,
  policy: financePolicy,
  demo: financeDemo,
});
