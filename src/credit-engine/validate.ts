import { catalogueEntry } from '../catalogue';
import { APPROVAL_MODES, LEVELS, LOAN_SPEEDS, type Level, type Scheme } from './types';

const SEVERITIES = ['MINOR', 'GENERAL', 'SERIOUS', 'POSITIVE'] as const;

/** What is wrong with a scheme, in words an administrator can act on; empty when it can be used. */
export function schemeProblems(s: Scheme, knownCodes: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (!/^[a-z0-9][a-z0-9-]{1,59}$/.test(s.id)) problems.push('id must be 2–60 lower-case letters, digits or dashes');
  if (!s.name.trim() || s.name.length > 200) problems.push('name must be 1–200 characters');
  if (!Number.isInteger(s.base)) problems.push('base must be a whole number of points');
  if (s.bands.length < 2) problems.push('a scheme needs at least two bands');
  s.bands.forEach((b, i) => {
    const last = i === s.bands.length - 1;
    if (!b.grade.trim() || b.grade.length > 10) problems.push(`band ${i + 1}: grade must be 1–10 characters`);
    if (!LEVELS.includes(b.level)) problems.push(`band ${b.grade}: level must be one of ${LEVELS.join(', ')}`);
    if (last && b.min !== null) problems.push(`band ${b.grade}: the last band takes every lower score, so it has no minimum`);
    if (!last && (b.min === null || !Number.isInteger(b.min))) problems.push(`band ${b.grade}: a minimum score (whole number) is required`);
    const previous = s.bands[i - 1];
    if (previous && previous.min !== null && b.min !== null && b.min >= previous.min)
      problems.push(`band ${b.grade}: minimums must fall from the best band to the worst`);
    if (previous && LEVELS.indexOf(b.level) < LEVELS.indexOf(previous.level))
      problems.push(`band ${b.grade}: levels must not improve from one band to the next`);
  });
  if (new Set(s.bands.map((b) => b.grade)).size !== s.bands.length) problems.push('grades must be distinct');
  for (const sev of SEVERITIES) {
    if (!Number.isInteger(s.points.bySeverity[sev])) problems.push(`points for ${sev} must be a whole number`);
    const p = s.publicity[sev];
    if (!p || !Number.isInteger(p.minMonths) || !Number.isInteger(p.maxMonths) || p.minMonths < 0 || p.maxMonths < p.minMonths) {
      problems.push(`publicity of ${sev}: 0 ≤ minMonths ≤ maxMonths, whole months`);
    }
  }
  if (s.points.bySeverity.MINOR > 0 || s.points.bySeverity.GENERAL > 0 || s.points.bySeverity.SERIOUS > 0)
    problems.push('negative information must not add points');
  if (s.points.bySeverity.POSITIVE < 0) problems.push('positive information must not deduct points');
  for (const [code, points] of Object.entries(s.points.byCode)) {
    if (!knownCodes.has(code)) problems.push(`points for ${code}: not a catalogue code`);
    if (!Number.isInteger(points)) problems.push(`points for ${code} must be a whole number`);
    const kind = catalogueEntry(code)?.kind;
    if (kind === 'NEGATIVE' && points > 0) problems.push(`points for ${code}: negative information must not add points`);
    if (kind === 'POSITIVE' && points < 0) problems.push(`points for ${code}: positive information must not deduct points`);
  }
  if (!Number.isInteger(s.retentionYears) || s.retentionYears < 1 || s.retentionYears > 10) problems.push('retentionYears must be 1–10');
  if (!LEVELS.includes(s.blackListLevel)) problems.push(`blackListLevel must be one of ${LEVELS.join(', ')}`);
  else if (!s.bands.some((b) => b.level === s.blackListLevel))
    problems.push(`blackListLevel ${s.blackListLevel} is the level of no band: a black-listed merchant could not be graded`);
  for (const level of LEVELS) {
    if (!APPROVAL_MODES.includes(s.outcomes.approval[level])) problems.push(`approval mode of level ${level} must be one of ${APPROVAL_MODES.join(', ')}`);
    const loan = s.outcomes.loan[level];
    if (!loan || typeof loan.eligible !== 'boolean' || typeof loan.priority !== 'boolean' || !loan.tier)
      problems.push(`loan treatment of level ${level} needs eligible, priority and tier`);
    else problems.push(...loanProblems(level, loan));
    const w = s.outcomes.sampling[level];
    if (typeof w !== 'number' || !(w >= 0 && w <= 1)) problems.push(`sampling weight of level ${level} must be between 0 and 1`);
  }
  const loans = LEVELS.map((l) => s.outcomes.loan[l]);
  if (loans.some((t, i) => i > 0 && t && loans[i - 1] && t.amountFactor > loans[i - 1]!.amountFactor))
    problems.push('loan amount factors must not rise from level A to level D');
  if (loans.some((t, i) => i > 0 && t && loans[i - 1] && LOAN_SPEEDS.indexOf(t.speed) < LOAN_SPEEDS.indexOf(loans[i - 1]!.speed)))
    problems.push('loan speeds must not get faster from level A to level D');
  const red = s.redListLevels;
  if (!Array.isArray(red) || red.some((l) => !LEVELS.includes(l)) || new Set(red).size !== red.length)
    problems.push(`redListLevels must name distinct levels among ${LEVELS.join(', ')}`);
  else if (red.some((l) => !red.includes(LEVELS[LEVELS.indexOf(l) - 1] ?? l)))
    problems.push('redListLevels must be the best levels: a level cannot earn red-list incentives that a better one does not');
  else if (red.includes('D'))
    problems.push('redListLevels must not include D: a seriously dishonest merchant is under joint punishment, which excludes incentives');
  const weights = LEVELS.map((l) => s.outcomes.sampling[l]);
  if (weights.some((w, i) => i > 0 && w < weights[i - 1])) problems.push('sampling weights must rise from level A to level D');
  return problems;
}

/** What is wrong with one level's amount and speed of lending: an eligible level lends something, an ineligible one nothing. */
function loanProblems(level: string, loan: Scheme['outcomes']['loan'][Level]): string[] {
  const problems: string[] = [];
  const f = loan.amountFactor;
  if (typeof f !== 'number' || !(f >= 0 && f <= 10)) problems.push(`loan amount factor of level ${level} must be a number from 0 to 10`);
  if (!LOAN_SPEEDS.includes(loan.speed)) problems.push(`loan speed of level ${level} must be one of ${LOAN_SPEEDS.join(', ')}`);
  if (loan.eligible && (f === 0 || loan.speed === 'NONE'))
    problems.push(`level ${level} is eligible for loans: its amount factor must be above 0 and its speed not NONE`);
  if (!loan.eligible && (f !== 0 || loan.speed !== 'NONE'))
    problems.push(`level ${level} is not eligible for loans: its amount factor must be 0 and its speed NONE`);
  return problems;
}

/** No credit record predates the founding of the People's Republic: an earlier date is a typing or conversion error. */
export const EARLIEST_RECORD = new Date('1949-10-01T00:00:00Z');
/** Clock skew tolerated between a department's systems and the hub before a date counts as future. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** What is wrong with the date of a credit record, in words naming the field; null when it is sane. */
export function recordDateProblem(date: Date, field: string, now: number): string | null {
  if (Number.isNaN(date.getTime())) return `${field} is not a date`;
  if (date < EARLIEST_RECORD) return `${field} ${date.toISOString()} lies before ${EARLIEST_RECORD.toISOString().slice(0, 10)}: no credit record is that old`;
  if (date.getTime() > now + FUTURE_TOLERANCE_MS) return `${field} ${date.toISOString()} is in the future`;
  return null;
}
