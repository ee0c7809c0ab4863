import type { CatalogueEntry } from '../catalogue/types';
import { counting, day } from './counting';
import {
  APPROVAL_MODES,
  type AppliedMeasure,
  type ApprovalMode,
  type Assessment,
  type AssessmentInput,
  type ExcludedEvent,
  type FactEvent,
  type Level,
  type ListMembership,
  LOAN_SPEEDS,
  type LoanSpeed,
  type LoanTreatment,
  type Scheme,
  type ScoreItem,
} from './types';

/** Codes whose record bars commitment-based approval and acceptance with missing documents until repaired. */
const COMMITMENT_BREACHES = new Set(['APR-CMT-BREACH', 'APR-CMT-FALSE']);
/** A breach whose promise was kept late: its record ends then, and with it the bar (DOMAIN: "until fulfilled"). */
const CURED_BY_FULFILMENT = 'APR-CMT-BREACH';

const byDateThenId = (a: { occurredAt: Date; id: string }, b: { occurredAt: Date; id: string }) =>
  a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

interface Scored {
  score: number;
  band: Scheme['bands'][number];
  level: Level;
  items: ScoreItem[];
  excluded: ExcludedEvent[];
  lists: ListMembership[];
  counted: { event: FactEvent; entry: CatalogueEntry }[];
}

/** The catalogue by code, made once per catalogue: every judgment looks its records up in it. */
const catalogues = new WeakMap<readonly CatalogueEntry[], Map<string, CatalogueEntry>>();
function byCode(catalogue: readonly CatalogueEntry[]): Map<string, CatalogueEntry> {
  let map = catalogues.get(catalogue);
  if (!map) catalogues.set(catalogue, (map = new Map(catalogue.map((c) => [c.code, c]))));
  return map;
}

/** Scores the events under one scheme: base points, one item per counted event, the band, the lists. */
function score(input: AssessmentInput, scheme: Scheme): Scored {
  const catalogue = byCode(input.catalogue);
  const objectionsOf = (id: string) => input.objections.filter((o) => o.eventId === id);
  // the first approved repair is the one that stopped the record counting
  const repairOf = (id: string) =>
    input.repairs
      .filter((r) => r.eventId === id)
      .sort((a, b) => a.approvedAt.getTime() - b.approvedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
  const tag = `${scheme.id} v${scheme.version}`;
  const blackGrade = scheme.bands.find((b) => b.level === scheme.blackListLevel)!.grade;
  const items: ScoreItem[] = [];
  const excluded: ExcludedEvent[] = [];
  const lists: ListMembership[] = [];
  const counted: Scored['counted'] = [];

  for (const event of [...input.events].sort(byDateThenId)) {
    const c = counting(event, catalogue.get(event.code), objectionsOf(event.id), repairOf(event.id), scheme, input.at);
    if (!c.counts) {
      excluded.push({ eventId: event.id, code: event.code, department: event.department, reason: c.reason });
      continue;
    }
    const { entry } = c;
    counted.push({ event, entry });
    const byCode = scheme.points.byCode[entry.code];
    const points = byCode ?? scheme.points.bySeverity[entry.severity];
    const kind = entry.kind === 'POSITIVE' ? 'positive' : `${entry.severity.toLowerCase()} negative`;
    const rule = byCode !== undefined ? `${entry.code} is worth ${signed(points)} under ${tag}` : `${kind} information is worth ${signed(points)} under ${tag}`;
    const ended = hasEnded(event, input.at);
    const listing = entry.listEffect !== null && !ended;
    let reason = `${entry.title} (${entry.code}, event ${event.id}) on ${day(event.occurredAt)}: ${rule}; counts until ${day(c.expires)}`;
    if (listing && entry.listEffect === 'BLACK') reason += `; black-list information: forces grade ${blackGrade} whatever the points`;
    if (listing && entry.listEffect === 'RED') reason += '; red-list information: brings its incentives';
    if (c.underObjection) reason += '; an objection is pending: it counts until decided';
    items.push({
      eventId: event.id,
      code: entry.code,
      department: event.department,
      occurredAt: event.occurredAt,
      points,
      reason,
      underObjection: c.underObjection,
      until: c.expires,
    });
    if (listing) {
      lists.push({
        kind: entry.listEffect!,
        eventId: event.id,
        code: entry.code,
        since: event.occurredAt,
        until: event.endedAt ?? c.expires,
        reason: `${entry.title} (${entry.code}, event ${event.id})`,
      });
    }
  }

  const total = scheme.base + items.reduce((s, i) => s + i.points, 0);
  const band = scheme.bands.find((b) => b.min === null || total >= b.min)!;
  const black = lists.some((l) => l.kind === 'BLACK');
  const forced = black && rank(scheme.blackListLevel) > rank(band.level) ? scheme.bands.find((b) => b.level === scheme.blackListLevel)! : band;
  return { score: total, band: forced, level: forced.level, items, excluded, lists, counted };
}

/** a listing (or a breach) lasts until the department ends it: at endedAt, or (date unknown) once its status is ENDED */
const hasEnded = (event: FactEvent, at: Date) => (event.endedAt ? event.endedAt <= at : event.status === 'ENDED');
/** a breached promise kept late: the record counts on, what it barred does not */
const cured = (c: Scored['counted'][number], at: Date) => c.entry.code === CURED_BY_FULFILMENT && hasEnded(c.event, at);
const bars = (c: Scored['counted'][number], at: Date) =>
  ((c.entry.kind === 'NEGATIVE' && c.entry.severity === 'SERIOUS') || COMMITMENT_BREACHES.has(c.entry.code)) && !cured(c, at);

const rank = (l: Level) => ['A', 'B', 'C', 'D'].indexOf(l);
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/**
 * The credit office's judgment of one merchant on one date: score, grade, breakdown, lists, the measures that
 * apply and the three outcomes, each with its reasons. Pure: the same input gives the same output.
 */
export function assess(input: AssessmentInput): Assessment {
  const { scheme, riskScheme, at } = input;
  if (scheme.purpose !== 'CREDIT_GRADE') throw new Error(`scheme ${scheme.id} sets risk classes; it cannot grade merchants publicly`);
  const s = score(input, scheme);
  const tag = `${scheme.id} v${scheme.version}`;
  const gradeReason = `grade ${s.band.grade} (level ${s.level}) under ${tag}, score ${s.score}`;
  const black = s.lists.filter((l) => l.kind === 'BLACK');
  const red = s.lists.filter((l) => l.kind === 'RED');
  const cite = (l: ListMembership) => `${l.code} (event ${l.eventId})`;

  // a red list brings its incentives only to the levels the scheme names (good standing), never under a black list
  const honoured = red.length > 0 && !black.length && scheme.redListLevels.includes(s.level);
  const levels = scheme.redListLevels.join(', ') || 'no level';
  const unhonoured =
    red.length > 0 && !honoured && !black.length
      ? `red list ${red.map(cite).join(', ')} brings no incentives at level ${s.level} (only at ${levels} under ${tag})`
      : null;

  // approval: the scheme's mode for the level, raised by a red list, capped by commitment bars, floored by a black list
  let mode: ApprovalMode = scheme.outcomes.approval[s.level];
  const approvalReasons = [`${gradeReason}: ${mode}`];
  const warnings: string[] = [];
  if (honoured && better(scheme.outcomes.approval.A, mode)) {
    mode = scheme.outcomes.approval.A;
    approvalReasons.push(`red list ${red.map(cite).join(', ')}: ${mode}`);
  }
  const barring = s.counted.filter((c) => bars(c, at));
  if (barring.length && better(mode, 'STANDARD')) {
    mode = 'STANDARD';
    approvalReasons.push(
      `no commitment-based approval or acceptance with missing documents until repaired: ${barring.map((b) => `${b.entry.code} (event ${b.event.id})`).join(', ')}`,
    );
  }
  if (black.length) {
    mode = 'RESTRICTED';
    approvalReasons.push(`black list ${black.map(cite).join(', ')}: joint punishment`);
  }
  if (s.level === 'D' || black.length) warnings.push('Warning: attention — seriously dishonest; joint punishment measures apply.');
  else if (s.level === 'C')
    warnings.push('Friendly reminder: generally dishonest (grade ' + s.band.grade + '); a credit reminder and integrity interview are due.');
  for (const i of s.items.filter((x) => x.underObjection)) warnings.push(`Record ${i.code} (event ${i.eventId}) is under objection and not yet decided.`);

  // measures: by level, list and record; a merchant under joint punishment earns no incentive, and approval by trust follows the approval mode
  const punished = black.length > 0 || s.level === 'D';
  const trusted = better(mode, 'STANDARD');
  // a level the scheme punishes (C's focus supervision) earns no incentive for a record: only its level or an honoured red list brings one
  const levelPunished = input.measures.some((m) => m.kind === 'PUNISHMENT' && m.trigger.levels?.includes(s.level));
  const measures: AppliedMeasure[] = [];
  for (const m of input.measures) {
    if (m.kind === 'INCENTIVE' && (punished || (m.context === 'APPROVAL' && !trusted))) continue;
    const reasons: string[] = [];
    if (m.trigger.levels?.includes(s.level)) reasons.push(gradeReason);
    for (const l of s.lists)
      if (m.trigger.lists?.includes(l.kind) && (l.kind === 'BLACK' || honoured)) reasons.push(`${l.kind === 'RED' ? 'red' : 'black'} list: ${cite(l)}`);
    for (const c of s.counted)
      if (m.trigger.codes?.includes(c.entry.code) && !cured(c, at) && !(m.kind === 'INCENTIVE' && levelPunished))
        reasons.push(`record ${c.entry.code} (event ${c.event.id}) on ${day(c.event.occurredAt)}`);
    if (reasons.length) {
      measures.push({ id: m.id, title: m.title, kind: m.kind, department: m.department, legalBasis: m.legalBasis, context: m.context, reasons });
    }
  }
  measures.sort((a, b) => (a.id < b.id ? -1 : 1));

  // loan: by level, its amount and speed too; a black list is never eligible, an honouring red list earns priority and the best level's speed
  const treatment = { ...scheme.outcomes.loan[s.level] };
  const loanReasons = [`${gradeReason}: ${lending(treatment)}`];
  if (black.length) {
    Object.assign(treatment, scheme.outcomes.loan.D);
    loanReasons.push(`black list ${black.map(cite).join(', ')}: not eligible`);
  } else if (honoured && treatment.eligible) {
    const fastest = faster(scheme.outcomes.loan.A.speed, treatment.speed);
    if (!treatment.priority || fastest !== treatment.speed) {
      Object.assign(treatment, { priority: true, speed: fastest });
      loanReasons.push(`red list ${red.map(cite).join(', ')}: priority, speed ${fastest}`);
    }
  }
  if (unhonoured) loanReasons.push(unhonoured);

  // inspection: the internal risk class sets the sampling weight; it is never a grade and never triggers a measure
  const risk = score(input, riskScheme);
  const keyMonitoring = risk.level === 'D' || s.level === 'D' || black.length > 0;
  const riskReason = `risk class ${risk.band.grade} under ${riskScheme.id} v${riskScheme.version}`;
  const inspectionReasons = [`${riskReason}, risk score ${risk.score}: sampling weight ${riskScheme.outcomes.sampling[risk.level]}`];
  if (black.length) inspectionReasons.push(`black list ${black.map(cite).join(', ')}: key monitoring`);
  else if (s.level === 'D') inspectionReasons.push(`${gradeReason}: key monitoring`);
  else if (risk.level === 'D') inspectionReasons.push(`${riskReason}: key monitoring`);

  return {
    score: s.score,
    grade: s.band.grade,
    level: s.level,
    scheme: { id: scheme.id, version: scheme.version },
    evaluatedAt: at,
    breakdown: s.items,
    excluded: s.excluded,
    lists: s.lists,
    measures,
    approval: { mode, reasons: approvalReasons, warnings },
    loan: { ...treatment, reasons: loanReasons },
    inspection: { riskClass: risk.band.grade, samplingWeight: riskScheme.outcomes.sampling[risk.level], keyMonitoring, reasons: inspectionReasons },
  };
}

const better = (a: ApprovalMode, b: ApprovalMode) => APPROVAL_MODES.indexOf(a) < APPROVAL_MODES.indexOf(b);
const faster = (a: LoanSpeed, b: LoanSpeed) => (LOAN_SPEEDS.indexOf(a) < LOAN_SPEEDS.indexOf(b) ? a : b);
const lending = (t: LoanTreatment) =>
  t.eligible ? `eligible, tier ${t.tier}${t.priority ? ', priority' : ''}, amount factor ${t.amountFactor}, speed ${t.speed}` : 'not eligible';
