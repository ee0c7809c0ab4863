import { departmentSubgraph } from '../department';
import { financeDemo } from './demo';
import { Arrear, FinanceEvent, Loan, Subsidy, TaxpayerRating } from './entities';
import { Merchant } from './merchant';
import { FinanceRecordsResolver } from './resolvers';

/** Finance: taxpayer credit ratings, bank credit loans, arrears, consumption subsidies. */
export const finance = departmentSubgraph({
  name: 'finance',
  events: FinanceEvent,
  records: [TaxpayerRating, Loan, Arrear, Subsidy],
  merchant: Merchant,
  resolvers: (orm) => [new FinanceRecordsResolver(orm)],
  demo: financeDemo,
});
