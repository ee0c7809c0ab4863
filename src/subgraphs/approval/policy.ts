import { DEPARTMENT_AND_ADMIN, fields, records, worklistPolicy, type PolicyTable } from '../../auth/policy';

const permits = records('approval', {
  disclosable: false,
  summary: 'id matter issuedAt validUntil status eventId',
  detail: 'permitNumber',
  internal: 'sourceRecordId',
});
// Xintai discloses commitments and how they were kept to society: the promise, its outcome and the verifier's finding are public
const commitments = records('approval', {
  disclosable: true,
  summary: 'id matter signedAt dueDate status verifiedAt fulfilledLateAt overdue verificationNote eventId',
  internal: 'sourceRecordId',
});

/** Administrative approval's slice of the policy table: who may read its records, and who handles commitments. */
export const approvalPolicy: PolicyTable = {
  // commitments are signed and verified at the approval window
  Mutation: {
    ...fields('signCommitment verifyCommitment fulfilCommitment', {
      owner: ['approval'],
      row: { approval_clerk: 'allow', own_department: 'allow', admin: 'allow' },
    }),
    revokePermit: { owner: ['approval'], row: DEPARTMENT_AND_ADMIN },
  },
  Merchant: { permits: permits.list, commitments: commitments.list },
  Permit: permits.fields,
  Commitment: commitments.fields,
  ...worklistPolicy('commitmentsDue'),
};
