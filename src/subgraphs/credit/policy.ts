import {
  accessLogReaders,
  ADMIN,
  APPROVAL_OUTCOME,
  BANK,
  CREDIT_EVENT,
  DECISIONS,
  DEPARTMENT_AND_ADMIN,
  everyone,
  fields,
  forCreditOffice,
  inherit,
  INSPECTION_OUTCOME,
  LOAN_OUTCOME,
  MERCHANT,
  PERSONAL,
  SCORE,
  worklistPolicy,
  type PolicyTable,
} from '../../auth/policy';
import { DEPARTMENTS } from '../../catalogue/types';

/** The credit office's slice of the policy table: who may read each field of the types it serves. */
export const creditPolicy: PolicyTable = {
  Query: {
    ...fields('merchant merchants merchantsPage publicProfile catalogue schemes scheme measureCatalogue', everyone),
    // the lists as published: who is on them, not why
    ...fields('publishedList honestShops', everyone),
    simulateScheme: { row: ADMIN },
    consentedMerchants: { row: BANK },
    ...fields('creditChanges webhooks', { owner: DEPARTMENTS, row: DEPARTMENT_AND_ADMIN }),
    // the departments' dashboards
    ...fields('creditStatistics topViolations measureCounts creditTrend evaluations', { owner: DEPARTMENTS, row: DEPARTMENT_AND_ADMIN }),
    // a department's worklist, a merchant's own open items (the resolver keeps each to its own)
    worklist: { owner: DEPARTMENTS, row: DECISIONS },
    worklistNotices: { owner: DEPARTMENTS, row: DEPARTMENT_AND_ADMIN },
    approvalCheck: { owner: ['approval'], row: { approval_clerk: 'allow', own_department: 'allow', admin: 'allow' } },
    // market supervision's random inspections, drawn by the internal risk class; administrators audit them
    ...fields('inspectionDraw checkInspectionDraw', { owner: ['market'], row: DEPARTMENT_AND_ADMIN }),
  },
  Mutation: {
    ...fields('registerMerchant runEvaluation publishScheme addMeasure retireMeasure', { row: ADMIN }),
    ...fields('fileObjection applyRepair grantConsent revokeConsent', { row: MERCHANT }),
    ...fields('decideObjection decideRepair', { owner: DEPARTMENTS, row: DEPARTMENT_AND_ADMIN }),
    ...fields('registerWebhook removeWebhook', { owner: DEPARTMENTS, row: DEPARTMENT_AND_ADMIN }),
    drawInspections: { owner: ['market'], row: DEPARTMENT_AND_ADMIN },
  },
  Merchant: {
    ...fields('uscc name kind trade district street address qrToken qrUrl qrCode registeredAt operator credit snapshot', everyone),
    // what the departments hand over for its @requires: the judge's copy of the facts, each department's trail of reads
    ...fields([...DEPARTMENTS.map((d) => `${d}Facts`), ...DEPARTMENTS.map((d) => `${d}AccessLog`)].join(' '), forCreditOffice),
    ...fields('objections repairApplications', { owner: DEPARTMENTS, row: DECISIONS }),
    // what the departments @require to disclose only what the decisions allow
    withdrawnRecords: forCreditOffice,
    // a merchant's own dealings: who looked at its data, whom it lets look
    ...fields('accessLog consents', accessLogReaders),
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
  // merchantsPage filters by the latest snapshot's grade, lists and risk class only for a reader who may read them of every merchant
  CreditSnapshot: {
    ...fields('cycle grade scheme evaluatedAt', everyone),
    ...fields('score digest lists', { row: SCORE }),
    riskClass: { owner: ['market', 'urban'], row: INSPECTION_OUTCOME },
  },
  CreditEvent: CREDIT_EVENT,
  ...worklistPolicy('objections repairApplications'),
  ...inherit(`
    Objection RepairApplication WithdrawnRecord Consent AccessLogConnection AccessLogEntry ScoreItem ExcludedEvent ListMembership AppliedMeasure ApprovalOutcome
    LoanOutcome InspectionOutcome SchemeRef MerchantConnection PageInfo CatalogueEntry Scheme GradeBand SeverityPoints CodePoints MeasureDefinition
    MeasureTrigger SchemeSimulation GradeShare GradeChange Evaluation UnjudgedMerchant CreditChange CreditChangeConnection Webhook ApprovalCheck
    CheckedCommitment GradeCount ViolationCount MeasureCount CycleGrades WebhookRegistration WorklistNotice WorklistNoticeConnection
    InspectionDraw DrawnClass DrawnMerchantConnection DrawnMerchant InspectionDrawCheck
  `),
};
