import { departmentSubgraph, recordKind } from '../department-kit';
import { approvalDemo } from './demo';
import { Commitment, Permit } from './entities';
import { approvalPolicy } from './policy';
import { approvalWrites } from './records';
import { CommitmentResolver, PermitResolver } from './resolver';
import { Commitments, Permits } from './store';

/** Administrative approval: permits, and credit commitments signed in place of documents. */
export const approval = departmentSubgraph({
  name: 'approval',
  records: [
    recordKind(Permit, { list: 'permits', newestFirst: 'issuedAt', description: 'administrative permits issued to the merchant, newest first' }),
    recordKind(Commitment, { list: 'commitments', newestFirst: 'signedAt', description: 'credit commitments the merchant signed at approvals, newest first' }),
  ],
  writes: approvalWrites,
  policy: approvalPolicy,
  workflows: (orm) => [new CommitmentResolver(new Commitments(orm)), new PermitResolver(new Permits(orm))],
  demo: approvalDemo,
});
