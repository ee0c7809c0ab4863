import { ADMIN, CREDIT_EVENT, DEPARTMENT_AND_ADMIN, everyone, forCreditOffice, inherit, records, type FieldRule, type PolicyTable } from '../../auth/policy';
import { recordMutation, type Department } from '../../catalogue/types';

/** the departments' fact logs, which the credit office follows: one rule for all of them */
const FACT_LOG: FieldRule = { row: ADMIN };

/** The part of a department's slice of the policy table that every department shares: its credit events and record writes, its trail of reads. */
export function departmentPolicy(d: Department, writes: readonly { mutation: string }[]): PolicyTable {
  const ownWrite: FieldRule = { owner: [d], row: DEPARTMENT_AND_ADMIN };
  return {
    Query: {
      [`${d}Event`]: { owner: [d], row: DEPARTMENT_AND_ADMIN },
      [`${d}Changes`]: FACT_LOG,
    },
    // its credit events and its typed records: written by its own officers
    Mutation: Object.fromEntries([recordMutation(d), ...writes.map((w) => w.mutation)].map((m) => [m, ownWrite])),
    Merchant: {
      uscc: everyone,
      [`${d}Events`]: records(d, { disclosable: true, summary: '' }).list,
      // reachable only inside the graph (@inaccessible): the judge's copy of the facts, the department's trail of reads
      [`${d}Facts`]: forCreditOffice,
      [`${d}AccessLog`]: forCreditOffice,
      // the credit office's decisions, which its lists @require
      withdrawnRecords: forCreditOffice,
    },
    CreditEvent: CREDIT_EVENT,
    ...inherit('WithdrawnRecord AccessLogEntry FactChange FactChangeConnection PageInfo'),
  };
}
