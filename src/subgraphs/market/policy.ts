import { DEPARTMENT_AND_ADMIN, records, type PolicyTable } from '../../auth/policy';

const penalties = records('market', {
  disclosable: true,
  summary: 'id decidedAt severity eventId',
  detail: 'decisionNumber violation fineYuan',
  internal: 'sourceRecordId',
});
const inspections = records('market', { disclosable: false, summary: 'id inspectedAt kind result eventId', detail: 'findings', internal: 'sourceRecordId' });
const listEntries = records('market', { disclosable: true, summary: 'id list listedAt removedAt eventId', detail: 'reason', internal: 'sourceRecordId' });
const complaints = records('market', { disclosable: false, summary: 'id receivedAt substantiated eventId', detail: 'subject' });

/** Market supervision's slice of the policy table: who may read its records. */
export const marketPolicy: PolicyTable = {
  Mutation: { removeMarketListing: { owner: ['market'], row: DEPARTMENT_AND_ADMIN } },
  Merchant: { penalties: penalties.list, inspections: inspections.list, marketListEntries: listEntries.list, complaints: complaints.list },
  Penalty: penalties.fields,
  Inspection: inspections.fields,
  MarketListEntry: listEntries.fields,
  Complaint: complaints.fields,
};
