import { DEPARTMENT_AND_ADMIN, fields, records, type PolicyTable } from '../../auth/policy';

const permits = records('approval', {
  disclosable: false,
  summary: 'id matter issuedAt validUntil status eventId',
  detail: 'permitNumber',
  internal: 'sourceRecordId',
});
const commitments = records('approval', {
  disclosable: false,
  summary: 'id matter signedAt dueDate status verifiedAt overdue verificationNote eventId',
  internal: 'sourceRecordId',
});

/** Administrative approval's slice of the policy table: who may read its records, and who handles commitments. */
export const approvalPolicy: PolicyTable = {
  // commitments are signed and verified at the approval window
  Mutation: {
    ...fields('signCommitment verifyCommitment', { owner: ['approval'], row: { approval_clerk: 'allow', own_department: 'allow', admin: 'allow' } }),
    revokePermit: { owner: ['approval'], row: DEPARTMENT_AND_ADMIN },
  },
  Merchant: { permits: permits.list, commitments: commitments.list },
  Permit: permits.fields,
  Commitment: commitments.fields,
};
