import { Poller } from '../../poller';
import { departmentSubgraph, recordKind } from '../department-kit';
import { approvalDemo } from './demo';
import { approvalDisclosure } from './disclosure';
import { Commitment, Permit } from './entities';
import { approvalPolicy } from './policy';
import { approvalWrites } from './records';
import { CommitmentResolver, commitmentWorklistResolver, PermitResolver } from './resolver';
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
  disclosure: approvalDisclosure,
  workflows: (orm) => [new CommitmentResolver(new Commitments(orm)), new PermitResolver(new Permits(orm))],
  worklist: (orm, _env, worklist) => {
    const CommitmentWorklistResolver = commitmentWorklistResolver(worklist);
    return new CommitmentWorklistResolver(new Commitments(orm));
  },
  // an open promise past its due date and grace is breached by the hub, once, whichever replica gets to it
  workers: (orm, { config, log }) => [
    new Poller('commitment lapses', config.COMMITMENT_CHECK_INTERVAL_MS, () => new Commitments(orm).breachLapsed(config.COMMITMENT_GRACE_DAYS), log),
  ],
  demo: approvalDemo,
});
