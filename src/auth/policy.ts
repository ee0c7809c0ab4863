import { DEPARTMENTS, type Department } from '../catalogue/types';

/** Who reads, relative to the merchant the data is about. Every signed-in reader is also the public. */
export const AUDIENCES = ['public', 'self', 'approval_clerk', 'bank_officer', 'own_department', 'other_department', 'admin'] as const;
export type Audience = (typeof AUDIENCES)[number];

/**
 * allow: in full; masked: the shape without the middle (`张*`); consent: a bank officer whose organisation the
 * merchant has granted a valid consent; disclosable: only the records the public may see. Absent: refused.
 */
export type Access = 'allow' | 'masked' | 'consent' | 'disclosable';
export type Row = Readonly<Partial<Record<Audience, Access>>>;

export interface FieldRule {
  row: Row;
  /** the departments that are "own" for this data; `record`: the department of the record itself */
  owner?: readonly Department[] | 'record';
  /** readable by whoever may read the field that leads here (a record's summary): never refused alone */
  withParent?: true;
  /** an input of the credit office (@inaccessible): read only by the gateway's fetches for its @requires, never by a reader */
  forCreditOffice?: true;
}

/** Types whose fields are guarded by the field that leads to them (an assessment's outcomes, a page's nodes). */
export const INHERIT = 'inherit' as const;
export type TypePolicy = typeof INHERIT | Readonly<Record<string, FieldRule>>;


// the rows of DESIGN.md's default table
const EVERYONE: Row = { public: 'allow', self: 'allow', approval_clerk: 'allow', bank_officer: 'allow', own_department: 'allow', other_department: 'allow', admin: 'allow' };
const PERSONAL: Row = { self: 'allow', approval_clerk: 'masked', bank_officer: 'masked', own_department: 'allow', other_department: 'masked', admin: 'allow' };
const SCORE: Row = { self: 'allow', approval_clerk: 'allow', bank_officer: 'consent', own_department: 'allow', other_department: 'allow', admin: 'allow' };
const APPROVAL_OUTCOME: Row = { self: 'allow', approval_clerk: 'allow', own_department: 'allow', other_department: 'allow', admin: 'allow' };
const LOAN_OUTCOME: Row = { self: 'allow', bank_officer: 'consent', own_department: 'allow', admin: 'allow' };
const INSPECTION_OUTCOME: Row = { own_department: 'allow', admin: 'allow' };
const SELF_AND_ADMIN: Row = { self: 'allow', admin: 'allow' };
const ADMIN: Row = { admin: 'allow' };
const DEPARTMENT_AND_ADMIN: Row = { own_department: 'allow', admin: 'allow' };
const BANK: Row = { bank_officer: 'allow' };
/** a merchant acting on its own records (the resolver checks the record is its own) */
const MERCHANT: Row = { self: 'allow' };
/** the credit office's layer over a merchant's records: the merchant, the departments that decide, admin */
const DECISIONS: Row = { self: 'allow', own_department: 'allow', admin: 'allow' };

const everyone: FieldRule = { row: EVERYONE };
const fields = (names: string, rule: FieldRule) => Object.fromEntries(names.split(/\s+/).filter(Boolean).map((n) => [n, rule]));

/**
 * A department's detailed records: the list on Merchant, and each record's fields in three tiers —
 * summary (code, date, status: what approval clerks and other departments see), detail (what the public sees
 * of a disclosable record), internal (the merchant, its department, a consented bank for finance, admin).
 */
function records(owner: Department, o: { disclosable: boolean; summary: string; detail?: string; internal?: string }) {
  const bank: Row = owner === 'finance' ? { bank_officer: 'consent' } : {};
  const list: FieldRule = {
    owner: [owner],
    row: { ...(o.disclosable ? { public: 'disclosable' } : {}), self: 'allow', approval_clerk: 'allow', ...bank, own_department: 'allow', other_department: 'allow', admin: 'allow' },
  };
  const pub: Row = o.disclosable ? { public: 'allow' } : {};
  const item = (row: Row): FieldRule => ({ owner: [owner], row: { ...row, ...bank, self: 'allow', own_department: 'allow', admin: 'allow' } });
  return {
    list,
    fields: {
      ...fields(o.summary, { ...item({ ...pub, approval_clerk: 'allow', other_department: 'allow' }), withParent: true }),
      ...fields(o.detail ?? '', item(pub)),
      ...fields(o.internal ?? '', item({})),
    },
  };
}

const penalties = records('market', { disclosable: true, summary: 'id decidedAt severity eventId', detail: 'decisionNumber violation fineYuan' });
const inspections = records('market', { disclosable: false, summary: 'id inspectedAt kind result eventId', detail: 'findings' });
const listEntries = records('market', { disclosable: true, summary: 'id list listedAt removedAt eventId', detail: 'reason' });
const complaints = records('market', { disclosable: false, summary: 'id receivedAt substantiated eventId', detail: 'subject' });
const conduct = records('urban', { disclosable: false, summary: 'id observedAt code behaviour eventId', detail: 'location photoUrl', internal: 'officer' });
// a report is reached only through a guarded list or by its reporter's own submission: all of it is its summary
const reports = records('urban', { disclosable: false, summary: 'id submittedAt status verifiedAt eventId text photoUrl code dispatchedTo finding' });
const permits = records('approval', { disclosable: false, summary: 'id matter issuedAt validUntil status eventId', detail: 'permitNumber' });
const commitments = records('approval', { disclosable: false, summary: 'id matter signedAt dueDate status verifiedAt overdue verificationNote eventId', internal: 'sourceRecordId' });
const ratings = records('finance', { disclosable: false, summary: 'id year rating ratedAt eventId', detail: 'score' });
const loans = records('finance', { disclosable: false, summary: 'id grantedAt status eventId', detail: 'lender amountYuan dueAt settledAt' });
const arrears = records('finance', { disclosable: false, summary: 'id kind since settledAt eventId', detail: 'amountYuan' });
const subsidies = records('finance', { disclosable: false, summary: 'id paidAt eventId', detail: 'programme amountYuan' });
const events = (owner: Department) => records(owner, { disclosable: true, summary: '', detail: '' }).list;
/** CreditEvent is shared by the four departments: "own" is the department that recorded it; a bank's consent covers finance's */
const creditEvent = (row: Row): FieldRule => ({ owner: 'record', row: { ...row, bank_officer: 'consent', self: 'allow', own_department: 'allow', admin: 'allow' } });

/** The single source of truth: who may read each field of the graph, and how. */
export const POLICY: Readonly<Record<string, TypePolicy>> = {
  Query: {
    ...fields('merchant merchants merchantsPage publicProfile catalogue schemes scheme measureCatalogue', everyone),
    simulateScheme: { row: ADMIN },
    marketEvent: { owner: ['market'], row: DEPARTMENT_AND_ADMIN },
    urbanEvent: { owner: ['urban'], row: DEPARTMENT_AND_ADMIN },
    approvalEvent: { owner: ['approval'], row: DEPARTMENT_AND_ADMIN },
    financeEvent: { owner: ['finance'], row: DEPARTMENT_AND_ADMIN },
    consentedMerchants: { row: BANK },
    // the departments' fact logs, which the credit office follows
    ...fields('marketChanges urbanChanges approvalChanges financeChanges', { row: ADMIN }),
    ...fields('creditChanges webhooks', { owner: DEPARTMENTS, row: DEPARTMENT_AND_ADMIN }),
    // the departments' dashboards
    ...fields('creditStatistics topViolations measureCounts creditTrend evaluations', { owner: DEPARTMENTS, row: DEPARTMENT_AND_ADMIN }),
    approvalCheck: { owner: ['approval'], row: { approval_clerk: 'allow', own_department: 'allow', admin: 'allow' } },
  },
  Mutation: {
    ...fields('registerMerchant runEvaluation publishScheme addMeasure retireMeasure', { row: ADMIN }),
    recordMarketEvent: { owner: ['market'], row: DEPARTMENT_AND_ADMIN },
    recordUrbanEvent: { owner: ['urban'], row: DEPARTMENT_AND_ADMIN },
    recordApprovalEvent: { owner: ['approval'], row: DEPARTMENT_AND_ADMIN },
    recordFinanceEvent: { owner: ['finance'], row: DEPARTMENT_AND_ADMIN },
    ...fields('fileObjection applyRepair grantConsent revokeConsent', { row: MERCHANT }),
    ...fields('decideObjection decideRepair', { owner: DEPARTMENTS, row: DEPARTMENT_AND_ADMIN }),
    // commitments are signed and verified at the approval window
    ...fields('signCommitment verifyCommitment', { owner: ['approval'], row: { approval_clerk: 'allow', own_department: 'allow', admin: 'allow' } }),
    submitConsumerReport: everyone,
    ...fields('registerWebhook removeWebhook', { owner: DEPARTMENTS, row: DEPARTMENT_AND_ADMIN }),
    ...fields('dispatchConsumerReport verifyConsumerReport rejectConsumerReport', { owner: ['urban'], row: DEPARTMENT_AND_ADMIN }),
  },
  Merchant: {
    ...fields('uscc name kind trade district street address qrToken qrUrl qrCode registeredAt operator credit snapshot', everyone),
    // reachable only inside the graph (@inaccessible): the judge's copy of the facts, each department's trail of reads
    ...fields('marketFacts urbanFacts approvalFacts financeFacts marketAccessLog urbanAccessLog approvalAccessLog financeAccessLog', { row: {}, forCreditOffice: true }),
    marketEvents: events('market'),
    urbanEvents: events('urban'),
    approvalEvents: events('approval'),
    financeEvents: records('finance', { disclosable: true, summary: '' }).list,
    penalties: penalties.list,
    inspections: inspections.list,
    marketListEntries: listEntries.list,
    complaints: complaints.list,
    conductRecords: conduct.list,
    consumerReports: reports.list,
    permits: permits.list,
    commitments: commitments.list,
    taxpayerRatings: ratings.list,
    loans: loans.list,
    arrears: arrears.list,
    subsidies: subsidies.list,
    ...fields('objections repairApplications', { owner: DEPARTMENTS, row: DECISIONS }),
    ...fields('accessLog consents', { row: SELF_AND_ADMIN }),
  },
  // the operator's identity comes from registration, which market supervision keeps
  Operator: fields('name idNumber phone', { owner: ['market'], row: PERSONAL }),
  CreditAssessment: {
    ...fields('grade scheme evaluatedAt', everyone),
    ...fields('score breakdown excluded lists measures digest', { row: SCORE }),
    approval: { row: APPROVAL_OUTCOME },
    loan: { owner: ['finance'], row: LOAN_OUTCOME },
    // the internal risk class: market supervision and urban management inspect by it
    inspection: { owner: ['market', 'urban'], row: INSPECTION_OUTCOME },
  },
  CreditSnapshot: { ...fields('cycle grade scheme evaluatedAt', everyone), ...fields('score digest', { row: SCORE }) },
  CreditEvent: {
    ...fields('id uscc code department occurredAt endedAt status', { ...creditEvent({ public: 'allow', approval_clerk: 'allow', other_department: 'allow' }), withParent: true }),
    summary: creditEvent({ public: 'allow' }),
    ...fields('evidenceUrl sourceRecordId recordedAt', creditEvent({})),
  },
  Penalty: penalties.fields,
  Inspection: inspections.fields,
  MarketListEntry: listEntries.fields,
  Complaint: complaints.fields,
  ConductRecord: conduct.fields,
  ConsumerReport: reports.fields,
  Permit: permits.fields,
  Commitment: commitments.fields,
  TaxpayerRating: ratings.fields,
  Loan: loans.fields,
  Arrear: arrears.fields,
  Subsidy: subsidies.fields,
  Objection: INHERIT,
  RepairApplication: INHERIT,
  Consent: INHERIT,
  AccessLogConnection: INHERIT,
  AccessLogEntry: INHERIT,
  ScoreItem: INHERIT,
  ExcludedEvent: INHERIT,
  ListMembership: INHERIT,
  AppliedMeasure: INHERIT,
  ApprovalOutcome: INHERIT,
  LoanOutcome: INHERIT,
  InspectionOutcome: INHERIT,
  SchemeRef: INHERIT,
  MerchantConnection: INHERIT,
  PageInfo: INHERIT,
  CatalogueEntry: INHERIT,
  Scheme: INHERIT,
  GradeBand: INHERIT,
  SeverityPoints: INHERIT,
  CodePoints: INHERIT,
  MeasureDefinition: INHERIT,
  MeasureTrigger: INHERIT,
  SchemeSimulation: INHERIT,
  GradeShare: INHERIT,
  GradeChange: INHERIT,
  Evaluation: INHERIT,
  UnjudgedMerchant: INHERIT,
  FactChange: INHERIT,
  FactChangeConnection: INHERIT,
  CreditChange: INHERIT,
  CreditChangeConnection: INHERIT,
  Webhook: INHERIT,
  ApprovalCheck: INHERIT,
  CheckedCommitment: INHERIT,
  GradeCount: INHERIT,
  ViolationCount: INHERIT,
  MeasureCount: INHERIT,
  CycleGrades: INHERIT,
  WebhookRegistration: INHERIT,
};
