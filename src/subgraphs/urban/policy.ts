import { DEPARTMENT_AND_ADMIN, everyone, fields, records, worklistPolicy, type PolicyTable } from '../../auth/policy';

const conduct = records('urban', {
  disclosable: false,
  summary: 'id observedAt code behaviour eventId',
  detail: 'location photoUrl',
  internal: 'officer sourceRecordId',
});
// a report is reached only through a guarded list or by its reporter's own submission: all of it is its summary
const reports = records('urban', { disclosable: false, summary: 'id submittedAt status verifiedAt eventId text photoUrl code dispatchedTo finding' });

/** Urban management's slice of the policy table: who may read its records, and who handles consumer reports. */
export const urbanPolicy: PolicyTable = {
  Mutation: {
    submitConsumerReport: everyone,
    ...fields('dispatchConsumerReport verifyConsumerReport rejectConsumerReport', { owner: ['urban'], row: DEPARTMENT_AND_ADMIN }),
  },
  Merchant: { conductRecords: conduct.list, consumerReports: reports.list },
  ConductRecord: conduct.fields,
  ConsumerReport: reports.fields,
  ...worklistPolicy('consumerReports'),
};
