import type { CatalogueEntry, Department, ListEffect, Severity } from '../catalogue/types';

/**
 * ACTIVE: in force; ENDED: the behaviour or listing has ended (a list exit, an arrear settled); RESCINDED: the
 * department itself annulled its decision; EXPIRED: negative information past its retention (administrators only).
 */
export const EVENT_STATUSES = ['ACTIVE', 'ENDED', 'RESCINDED', 'EXPIRED'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** A department's fact as the engine reads it. */
export interface FactEvent {
  id: string;
  code: string;
  department: Department;
  occurredAt: Date;
  endedAt: Date | null;
  status: EventStatus;
}

/** The credit office's decisions layered over the facts (the facts themselves are never edited). */
export interface Objection {
  id: string;
  eventId: string;
  state: 'PENDING' | 'UPHELD' | 'REVOKED';
}

export interface Repair {
  id: string;
  eventId: string;
  approvedAt: Date;
}

/** The canonical level a grade stands for, on which measures and outcomes are defined (A best … D worst). */
export const LEVELS = ['A', 'B', 'C', 'D'] as const;
export type Level = (typeof LEVELS)[number];

/** from most to least trusting */
export const APPROVAL_MODES = ['GREEN_CHANNEL', 'TOLERANCE_ACCEPTANCE', 'COMMITMENT', 'STANDARD', 'RESTRICTED'] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

/** how fast a bank lends (放贷速度), fastest first; NONE: it does not lend */
export const LOAN_SPEEDS = ['FAST_TRACK', 'STANDARD', 'CAUTIOUS', 'NONE'] as const;
export type LoanSpeed = (typeof LOAN_SPEEDS)[number];

export interface LoanTreatment {
  eligible: boolean;
  priority: boolean;
  tier: string;
  /** the multiple of the bank's ordinary credit line (贷款额度) the level earns; 0 when not eligible */
  amountFactor: number;
  speed: LoanSpeed;
}

/** A scoring scheme: data, versioned; a change is a new version and old snapshots keep citing theirs. */
export interface Scheme {
  id: string;
  version: number;
  name: string;
  /** CREDIT_GRADE is a public grade; RISK_CLASS is internal (inspection sampling only): never public, never a trigger */
  purpose: SchemePurpose;
  cycle: SchemeCycle;
  base: number;
  /** best first; a score falls in the first band whose minimum it reaches; the last band has no minimum */
  bands: { grade: string; min: number | null; level: Level }[];
  points: { bySeverity: Record<Severity, number>; byCode: Record<string, number> };
  /** how long information counts, from its date: at least `minMonths` before repair, at most `maxMonths` */
  publicity: Record<Severity, { minMonths: number; maxMonths: number }>;
  /** negative information is deleted this many years after the behaviour */
  retentionYears: number;
  /** the level an active black-list event forces, whatever the points */
  blackListLevel: Level;
  /** the levels whose merchants a red list brings its incentives; at the others the grade's own measures stand alone */
  redListLevels: Level[];
  outcomes: {
    approval: Record<Level, ApprovalMode>;
    loan: Record<Level, LoanTreatment>;
    /** share of merchants of each level drawn for random inspection */
    sampling: Record<Level, number>;
  };
}

/** CREDIT_GRADE: a public grade; RISK_CLASS: internal inspection risk classes */
export const SCHEME_PURPOSES = ['CREDIT_GRADE', 'RISK_CLASS'] as const;
export type SchemePurpose = (typeof SCHEME_PURPOSES)[number];
export const SCHEME_CYCLES = ['YEARLY', 'MONTHLY'] as const;
export type SchemeCycle = (typeof SCHEME_CYCLES)[number];

/** where a measure is applied */
export const MEASURE_CONTEXTS = ['APPROVAL', 'INSPECTION', 'LOAN', 'SUBSIDY', 'PUBLICITY', 'PROCUREMENT'] as const;
export type MeasureContext = (typeof MEASURE_CONTEXTS)[number];
export const MEASURE_KINDS = ['INCENTIVE', 'PUNISHMENT'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

/** A joint reward or punishment measure, and what triggers it. */
export interface Measure {
  id: string;
  /** in English for the built-in measures; a measure added at run time has the title it was given */
  title: string;
  /** in Chinese: every built-in measure has one */
  titleZh?: string;
  kind: MeasureKind;
  department: string;
  legalBasis: string;
  context: MeasureContext;
  trigger: { levels?: Level[]; lists?: ListEffect[]; codes?: string[] };
}

export interface AssessmentInput {
  events: readonly FactEvent[];
  objections: readonly Objection[];
  repairs: readonly Repair[];
  scheme: Scheme;
  /** the internal risk-class scheme that sets inspection sampling */
  riskScheme: Scheme;
  measures: readonly Measure[];
  catalogue: readonly CatalogueEntry[];
  at: Date;
}

export interface ScoreItem {
  eventId: string;
  code: string;
  department: Department;
  occurredAt: Date;
  points: number;
  /** why these points, citing the rule and the scheme version */
  reason: string;
  /** an objection is pending: the event counts until it is decided */
  underObjection: boolean;
  /** the end of its publicity period: from then on it counts no more */
  until: Date;
}

export interface ExcludedEvent {
  eventId: string;
  code: string;
  department: Department;
  reason: string;
}

export interface ListMembership {
  kind: ListEffect;
  eventId: string;
  code: string;
  since: Date;
  until: Date | null;
  reason: string;
}

/** A measure of the catalogue as it applies to one merchant: what triggered it, instead of what may. */
export type AppliedMeasure = Omit<Measure, 'trigger'> & { reasons: string[] };

export interface Assessment {
  score: number;
  grade: string;
  level: Level;
  scheme: { id: string; version: number };
  evaluatedAt: Date;
  breakdown: ScoreItem[];
  excluded: ExcludedEvent[];
  lists: ListMembership[];
  measures: AppliedMeasure[];
  approval: { mode: ApprovalMode; reasons: string[]; warnings: string[] };
  loan: LoanTreatment & { reasons: string[] };
  inspection: { riskClass: string; samplingWeight: number; keyMonitoring: boolean; reasons: string[] };
}
