import { CreditEventRecord } from '../../events/record.entity';
import { creditEventResolver } from '../../events/resolver';
import { CreditEventStore } from '../../events/store';
import { buildFederatedSchema } from '../../federation';
import type { Subgraph } from '../subgraph';
import { financeDemo } from './demo';
import { Arrear, FinanceEvent, Loan, Subsidy, TaxpayerRating } from './entities';
import { Merchant } from './merchant';
import { FinanceRecordsResolver } from './resolvers';

/** Finance: taxpayer credit ratings, bank credit loans, arrears, consumption subsidies. */
export const finance: Subgraph = {
  name: 'finance',
  entities: [CreditEventRecord, FinanceEvent, TaxpayerRating, Loan, Arrear, Subsidy],
  build(orm) {
    const events = new CreditEventStore(orm, FinanceEvent, 'finance');
    const EventResolver = creditEventResolver(Merchant, events);
    return buildFederatedSchema(
      [new EventResolver(), new FinanceRecordsResolver(orm)],
      // a department answers for any merchant the graph names: unknown ones simply have no records
      { Merchant: { __resolveReference: (ref: { uscc: string }) => ({ uscc: ref.uscc }) } },
      // no query returns a Merchant here, so type-graphql would leave the entity out without this
      [Merchant],
    );
  },
  demo: financeDemo,
};
