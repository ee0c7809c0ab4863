import { departmentSubgraph, recordKind } from '../department-kit';
import { approvalDemo } from './demo';
import { Commitment, Permit } from './entities';
import { approvalPolicy } from './policy';
import { CommitmentResolver } from './resolver';
import { Commitments } from './store';

/** Administrative approval: permits, and credit commitments signed in place of documents. */
export const approval = departmentSubgraph({
  name: 'approval',
  records: [
    recordKind(Permit, { list: 'permits', newestFirst: 'issuedAt', description: 'administrative permits issued to the merchant, newest first' }),
    recordKind(Commitment, { list: 'commitments', newestFirst: 'signedAt', description: 'credit commitments the merchant signed at approvals, newest first' }),
  ],
  policy: approvalPolicy,
  workflows: (orm) => [new CommitmentResolver(new Commitments(orm))],
  demo: approvalDemo,
});
