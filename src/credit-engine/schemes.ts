import type { Level, LoanTreatment, Scheme } from './types';

/** DOMAIN.md's publicity periods (national repair measures, 2026): minor ≤ 3 months, general 3–12, serious 12–36. */
export const PUBLICITY: Scheme['publicity'] = {
  MINOR: { minMonths: 0, maxMonths: 3 },
  GENERAL: { minMonths: 3, maxMonths: 12 },
  SERIOUS: { minMonths: 12, maxMonths: 36 },
  POSITIVE: { minMonths: 0, maxMonths: 12 },
};

/** A red list's incentives go to merchants in good standing: not the generally (C) or seriously (D) dishonest. */
const RED_LIST_LEVELS: Scheme['redListLevels'] = ['A', 'B'];

const OUTCOMES: Scheme['outcomes'] = {
  approval: { A: 'GREEN_CHANNEL', B: 'COMMITMENT', C: 'STANDARD', D: 'RESTRICTED' },
  // Dezhou sets the loan amount and the speed of lending by grade (依据信用等级确定贷款额度、放贷速度)
  loan: {
    A: { eligible: true, priority: true, tier: 'PREFERENTIAL', amountFactor: 1.5, speed: 'FAST_TRACK' },
    B: { eligible: true, priority: false, tier: 'STANDARD', amountFactor: 1, speed: 'STANDARD' },
    C: { eligible: true, priority: false, tier: 'RESTRICTED', amountFactor: 0.5, speed: 'CAUTIOUS' },
    D: { eligible: false, priority: false, tier: 'NONE', amountFactor: 0, speed: 'NONE' },
  },
  // local examples of random-inspection draws: A ≤ 3–5 %, B 3–20 %, C 21–60 %, D ≥ 61–80 %
  sampling: { A: 0.04, B: 0.12, C: 0.4, D: 0.7 },
};

/** Positive points by behaviour: +10 by default, more for the honours the articles single out. */
const POSITIVE_BY_CODE = {
  'FIN-TAX-A': 50,
  'MKT-POS-MODEL': 50,
  'APR-HON-MODEL': 50,
  'APR-HON-CIVIL': 30,
  'MKT-POS-QUALITY': 30,
  'URB-POS-02': 20,
};

/** Rizhao's street-shop scheme, the default: 1000 points a year, A ≥ 1000, B 870–999, C 650–869, D < 650. */
export const RIZHAO: Scheme = {
  id: 'rizhao-street-shop',
  version: 1,
  name: 'Rizhao street-shop credit points (日照沿街店铺信用积分)',
  purpose: 'CREDIT_GRADE',
  cycle: 'YEARLY',
  base: 1000,
  bands: [
    { grade: 'A', min: 1000, level: 'A' },
    { grade: 'B', min: 870, level: 'B' },
    { grade: 'C', min: 650, level: 'C' },
    { grade: 'D', min: null, level: 'D' },
  ],
  points: { bySeverity: { MINOR: -10, GENERAL: -30, SERIOUS: -100, POSITIVE: 10 }, byCode: POSITIVE_BY_CODE },
  publicity: PUBLICITY,
  retentionYears: 5,
  blackListLevel: 'D',
  redListLevels: RED_LIST_LEVELS,
  outcomes: OUTCOMES,
};

/** Ankang's five-level "thousand-point" scheme, re-evaluated monthly: 优+ ≥ 950, 优 900–949, 良 800–899, 中 650–799, 差 < 650. */
export const ANKANG: Scheme = {
  ...RIZHAO,
  id: 'ankang-five-level',
  name: 'Ankang five-level thousand-point scheme (安康千分制五级)',
  cycle: 'MONTHLY',
  bands: [
    { grade: '优+', min: 950, level: 'A' },
    { grade: '优', min: 900, level: 'A' },
    { grade: '良', min: 800, level: 'B' },
    { grade: '中', min: 650, level: 'C' },
    { grade: '差', min: null, level: 'D' },
  ],
};

/**
 * Market supervision's risk classes A–D (low to high risk), which set how often a merchant is drawn for
 * random inspection. Internal: never a public grade, never a trigger of joint punishment.
 */
export const MARKET_RISK: Scheme = {
  id: 'market-risk-class',
  version: 1,
  name: 'Market supervision risk classes (市场监管信用风险分类)',
  purpose: 'RISK_CLASS',
  cycle: 'YEARLY',
  base: 100,
  bands: [
    { grade: 'A', min: 95, level: 'A' },
    { grade: 'B', min: 80, level: 'B' },
    { grade: 'C', min: 60, level: 'C' },
    { grade: 'D', min: null, level: 'D' },
  ],
  points: { bySeverity: { MINOR: -2, GENERAL: -8, SERIOUS: -25, POSITIVE: 2 }, byCode: {} },
  publicity: PUBLICITY,
  retentionYears: 5,
  blackListLevel: 'D',
  redListLevels: RED_LIST_LEVELS,
  outcomes: OUTCOMES,
};

export const BUILT_IN_SCHEMES: readonly Scheme[] = [RIZHAO, ANKANG, MARKET_RISK];

/**
 * A stored scheme with what its version did not yet say taken from the defaults: versions published before
 * schemes named the levels of red-list incentives or a loan's amount and speed.
 */
export function withDefaults(s: Scheme): Scheme {
  const loan = (l: Level) => {
    const given: Omit<LoanTreatment, 'amountFactor' | 'speed'> & Partial<LoanTreatment> = s.outcomes.loan[l];
    // the default of an eligible level for an eligible one, nothing lent for one that is not
    const fallback = !given.eligible ? OUTCOMES.loan.D : OUTCOMES.loan[l].eligible ? OUTCOMES.loan[l] : OUTCOMES.loan.C;
    return { amountFactor: fallback.amountFactor, speed: fallback.speed, ...given };
  };
  return {
    ...s,
    redListLevels: s.redListLevels ?? RED_LIST_LEVELS,
    outcomes: { ...s.outcomes, loan: { A: loan('A'), B: loan('B'), C: loan('C'), D: loan('D') } },
  };
}
