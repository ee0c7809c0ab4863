import { CATALOGUE, catalogueEntry } from '../../src/catalogue';
import {
  addMonths,
  ANKANG,
  assess,
  BUILT_IN_MEASURES,
  MARKET_RISK,
  repairableFrom,
  RIZHAO,
  schemeProblems,
  type Assessment,
  type AssessmentInput,
  type FactEvent,
  type Measure,
  type Objection,
  type Repair,
  type Scheme,
  withDefaults,
} from '../../src/credit-engine';

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** the evaluation date of every test unless it says otherwise */
const AT = day('2026-06-15');
/** a date every kind of information (even a minor one, 3 months) still counts on at AT */
const RECENT = '2026-05-01';

const DEPARTMENT = { MKT: 'market', URB: 'urban', APR: 'approval', FIN: 'finance' } as const;
let serial = 0;

/** A department's fact; its department is the one the code's prefix names, its id unique and readable. */
function ev(code: string, occurredAt: string = RECENT, over: Partial<FactEvent> = {}): FactEvent {
  return {
    id: `${code}#${++serial}`,
    code,
    department: DEPARTMENT[code.slice(0, 3) as keyof typeof DEPARTMENT],
    occurredAt: day(occurredAt),
    endedAt: null,
    status: 'ACTIVE',
    ...over,
  };
}

/** n recent facts of one code */
const times = (n: number, code: string, occurredAt: string = RECENT) => Array.from({ length: n }, () => ev(code, occurredAt));

function judge(events: FactEvent[], over: Partial<AssessmentInput> = {}): Assessment {
  return assess({
    events,
    objections: [],
    repairs: [],
    scheme: RIZHAO,
    riskScheme: MARKET_RISK,
    measures: BUILT_IN_MEASURES,
    catalogue: CATALOGUE,
    at: AT,
    ...over,
  });
}

const objection = (e: FactEvent, state: Objection['state']): Objection => ({ id: `objection-of-${e.id}`, eventId: e.id, state });
const repair = (e: FactEvent, approvedAt: string): Repair => ({ id: `repair-of-${e.id}`, eventId: e.id, approvedAt: day(approvedAt) });
const measureIds = (a: Assessment) => a.measures.map((m) => m.id);
const measure = (a: Assessment, id: string) => a.measures.find((m) => m.id === id);
const tag = (s: Scheme) => `${s.id} v${s.version}`;

// Rizhao points (catalogue severities; RIZHAO.points.byCode for the honours):
const MINOR = 'URB-SAN-01'; //      −10
const GENERAL = 'URB-SAN-02'; //    −30
const SERIOUS = 'MKT-PEN-SERIOUS'; // −100, on no list
const PLUS_10 = 'URB-POS-01'; //    +10
const PLUS_30 = 'MKT-POS-QUALITY'; // +30, on no list

/**
 * Every built-in point value is a multiple of 10, so 999, 869 and 649 cannot be reached under RIZHAO itself:
 * the same scheme, as a new version in which one minor behaviour costs a single point, reaches them.
 */
const ONE_POINT = 'URB-SAN-04';
const withOnePoint = (s: Scheme): Scheme => ({ ...s, version: s.version + 1, points: { ...s.points, byCode: { ...s.points.byCode, [ONE_POINT]: -1 } } });

/** recent facts worth exactly `points` below (or above) the base, under RIZHAO or withOnePoint(…) */
function worth(points: number): FactEvent[] {
  const events: FactEvent[] = [];
  let left = points;
  for (; left >= 10; left -= 10) events.push(ev(PLUS_10));
  for (; left <= -30; left += 30) events.push(ev(GENERAL));
  for (; left <= -10; left += 10) events.push(ev(MINOR));
  for (; left < 0; left += 1) events.push(ev(ONE_POINT));
  expect(left).toBe(0);
  return events;
}

/** Whether a reason cites the event id and catalogue code that produced it, or a grade with the scheme id and version. */
function cites(reason: string, events: FactEvent[], schemes: Scheme[]): boolean {
  const byEvent = events.some((e) => reason.includes(e.code) && reason.includes(`event ${e.id}`));
  const byGrade = schemes.some(
    (s) => reason.includes(` under ${tag(s)}`) && s.bands.some((b) => reason.includes(`grade ${b.grade} (`) || reason.includes(`risk class ${b.grade} under`)),
  );
  return byEvent || byGrade;
}

describe('what counts on the evaluation date', () => {
  it('starts every merchant at 1000 points, grade A, with nothing to explain away', () => {
    const a = judge([]);
    expect([a.score, a.grade, a.level, a.breakdown, a.excluded]).toEqual([1000, 'A', 'A', [], []]);
    expect(a.scheme).toEqual({ id: 'rizhao-street-shop', version: 1 });
    expect(a.evaluatedAt).toEqual(AT);
  });

  it('deducts a counted record with its code, department, date and points', () => {
    const e = ev('URB-KIT-02', '2026-03-02');
    const a = judge([e]);
    expect(a.score).toBe(970);
    expect(a.breakdown).toEqual([
      {
        eventId: e.id,
        code: 'URB-KIT-02',
        department: 'urban',
        occurredAt: day('2026-03-02'),
        points: -30,
        reason: expect.stringContaining('rizhao-street-shop v1'),
        underObjection: false,
        // general information: published for a year
        until: day('2027-03-02'),
      },
    ]);
  });

  it('never counts a record revoked on objection, and says so', () => {
    const e = ev(GENERAL);
    const a = judge([e], { objections: [objection(e, 'REVOKED')] });
    expect(a.score).toBe(1000);
    expect(a.breakdown).toEqual([]);
    expect(a.excluded).toEqual([
      { eventId: e.id, code: GENERAL, department: 'urban', reason: expect.stringMatching(`revoked on objection objection-of-${e.id}`) },
    ]);
  });

  it('keeps counting a record whose objection was upheld, unflagged', () => {
    const e = ev(GENERAL);
    const a = judge([e], { objections: [objection(e, 'UPHELD')] });
    expect(a.score).toBe(970);
    expect(a.breakdown[0].underObjection).toBe(false);
    expect(a.approval.warnings.join(' ')).not.toMatch(/objection/);
  });

  it('counts a record under a pending objection, flagged, with a warning for the clerk', () => {
    const e = ev(GENERAL);
    const a = judge([e], { objections: [objection(e, 'PENDING')] });
    expect(a.score).toBe(970);
    expect(a.breakdown[0]).toMatchObject({ eventId: e.id, underObjection: true, reason: expect.stringMatching(/objection is pending/) });
    expect(a.approval.warnings).toContainEqual(expect.stringMatching(`${GENERAL} \\(event ${e.id}\\) is under objection`));
  });

  it('counts a repaired record up to the day before the repair was approved, and not from that day', () => {
    const e = ev(GENERAL, '2026-01-10');
    const repairs = [repair(e, '2026-06-15')];
    expect(judge([e], { repairs, at: day('2026-06-14') }).score).toBe(970);
    const a = judge([e], { repairs, at: day('2026-06-15') });
    expect(a.score).toBe(1000);
    expect(a.excluded).toEqual([
      { eventId: e.id, code: GENERAL, department: 'urban', reason: expect.stringMatching(`repaired on 2026-06-15 \\(repair repair-of-${e.id}\\)`) },
    ]);
  });

  it('takes the first approved repair of a record, whatever order the repairs come in', () => {
    const e = ev(GENERAL, '2026-01-10');
    const early: Repair = { id: 'r-early', eventId: e.id, approvedAt: day('2026-03-01') };
    const late: Repair = { id: 'r-late', eventId: e.id, approvedAt: day('2026-09-01') };
    for (const repairs of [
      [early, late],
      [late, early],
    ]) {
      const a = judge([e], { repairs });
      expect(a.score).toBe(1000);
      expect(a.excluded[0].reason).toMatch('repaired on 2026-03-01 (repair r-early)');
    }
  });

  it.each([
    ['MINOR', MINOR, 3, '2026-01-20', '2026-04-19', '2026-04-20'],
    ['GENERAL', GENERAL, 12, '2025-05-20', '2026-05-19', '2026-05-20'],
    ['SERIOUS', SERIOUS, 36, '2023-06-20', '2026-06-19', '2026-06-20'],
  ])(
    'counts %s information (%s) for %i months from its date %s: on %s it counts, on %s it no longer does',
    (severity, code, _months, occurred, lastDay, end) => {
      const e = ev(code, occurred);
      expect(judge([e], { at: day(lastDay) }).breakdown.map((i) => i.eventId)).toEqual([e.id]);
      const a = judge([e], { at: day(end) });
      expect(a.breakdown).toEqual([]);
      expect(a.excluded).toEqual([{ eventId: e.id, code, department: e.department, reason: `its ${severity.toLowerCase()} publicity period ended on ${end}` }]);
    },
  );

  it('ends a period that starts on the 30th of November on the last day of February, not in March', () => {
    const e = ev(MINOR, '2025-11-30');
    expect(judge([e], { at: day('2026-02-27') }).score).toBe(990);
    expect(judge([e], { at: day('2026-02-28') }).excluded[0].reason).toBe('its minor publicity period ended on 2026-02-28');
  });

  it('deletes negative information older than 5 years (retention), and says so', () => {
    const e = ev(SERIOUS, '2021-03-01');
    const a = judge([e]);
    expect(a.score).toBe(1000);
    expect(a.excluded).toEqual([
      { eventId: e.id, code: SERIOUS, department: 'market', reason: expect.stringMatching(/5 years.*negative information is deleted/) },
    ]);
  });

  describe('under a scheme that publishes serious information for 10 years, so retention is what ends it', () => {
    const LONG: Scheme = { ...RIZHAO, version: 90, publicity: { ...RIZHAO.publicity, SERIOUS: { minMonths: 12, maxMonths: 120 } } };

    it('counts a serious record the day before its fifth anniversary and not on it', () => {
      const e = ev(SERIOUS, '2021-06-15');
      expect(judge([e], { scheme: LONG, at: day('2026-06-14') }).score).toBe(900);
      const a = judge([e], { scheme: LONG, at: day('2026-06-15') });
      expect(a.score).toBe(1000);
      expect(a.excluded[0].reason).toMatch(/5 years/);
    });

    it('keeps negative information 5 years from the end of the behaviour, not from its start', () => {
      const e = ev(SERIOUS, '2020-01-10', { endedAt: day('2022-01-10'), status: 'ENDED' });
      expect(judge([e], { scheme: LONG, at: day('2027-01-09') }).score).toBe(900);
      expect(judge([e], { scheme: LONG, at: day('2027-01-10') }).excluded[0].reason).toMatch(/5 years/);
    });
  });

  it('never counts a record its department rescinded, even one that is also under objection', () => {
    const e = ev(SERIOUS, RECENT, { status: 'RESCINDED' });
    const a = judge([e], { objections: [objection(e, 'PENDING')] });
    expect(a.score).toBe(1000);
    expect(a.approval.warnings).toEqual([]);
    expect(a.excluded).toEqual([{ eventId: e.id, code: SERIOUS, department: 'market', reason: 'rescinded by the market department' }]);
  });

  it('counts a record dated on the evaluation date, and not one dated after it', () => {
    const today = ev(GENERAL, '2026-06-15');
    const tomorrow = ev(SERIOUS, '2026-06-16');
    const a = judge([today, tomorrow]);
    expect(a.score).toBe(970);
    expect(a.excluded).toEqual([{ eventId: tomorrow.id, code: SERIOUS, department: 'market', reason: 'occurs after the evaluation date' }]);
  });

  it('excludes a code the catalogue does not know, and names it', () => {
    const e = ev('MKT-NO-SUCH-CODE');
    expect(judge([e]).excluded).toEqual([
      { eventId: e.id, code: 'MKT-NO-SUCH-CODE', department: 'market', reason: 'code MKT-NO-SUCH-CODE is not in the catalogue' },
    ]);
  });
});

describe('the black list', () => {
  it.each(['MKT-SID-LISTED', 'FIN-JUD-DEBTOR', 'FIN-TAX-D'])('forces grade D on a merchant listed by %s, however many points it has', (code) => {
    const listed = ev(code, '2026-02-01');
    const a = judge([listed, ...times(10, PLUS_30)]);
    expect([a.score, a.grade, a.level]).toEqual([1200, 'D', 'D']);
    expect(a.breakdown.find((i) => i.eventId === listed.id)).toMatchObject({
      points: -100,
      reason: expect.stringMatching(/black-list information: forces grade D whatever the points/),
    });
    expect(a.lists).toEqual([
      { kind: 'BLACK', eventId: listed.id, code, since: day('2026-02-01'), until: day('2029-02-01'), reason: expect.stringContaining(code) },
    ]);
    expect(a.approval.mode).toBe('RESTRICTED');
    expect([a.loan.eligible, a.loan.priority]).toEqual([false, false]);
    expect(measure(a, 'D-JOINT-PUNISHMENT')?.reasons).toContain(`black list: ${code} (event ${listed.id})`);
    expect(a.inspection.keyMonitoring).toBe(true);
  });

  it('shows a listing the court will end later with that end date', () => {
    const listed = ev('FIN-JUD-DEBTOR', '2026-01-05', { endedAt: day('2026-09-30') });
    expect(judge([listed]).lists).toEqual([expect.objectContaining({ kind: 'BLACK', since: day('2026-01-05'), until: day('2026-09-30') })]);
  });

  it('no longer forces D once the listing has ended, though the record still costs its points', () => {
    const listed = ev('FIN-JUD-DEBTOR', '2025-10-01', { endedAt: day('2026-04-01'), status: 'ENDED' });
    const a = judge([listed]);
    expect([a.score, a.grade]).toEqual([900, 'B']);
    expect(a.lists).toEqual([]);
    expect(a.breakdown[0].reason).not.toMatch(/forces grade/);
    expect(a.loan.eligible).toBe(true);
  });

  it('stops forcing D on the very day the listing ends', () => {
    const listed = ev('MKT-SID-LISTED', '2025-10-01', { endedAt: AT, status: 'ENDED' });
    expect(judge([listed]).grade).toBe('B');
  });

  it('lifts the listing, and grade D with it, once the record is repaired', () => {
    const listed = ev('MKT-SID-LISTED', '2025-01-10');
    const a = judge([listed], { repairs: [repair(listed, '2026-02-01')] });
    expect([a.score, a.grade, a.lists]).toEqual([1000, 'A', []]);
  });

  it('gives a black-listed merchant none of the incentives its red list would bring', () => {
    const a = judge([ev('MKT-SID-LISTED'), ev('FIN-TAX-A')]);
    expect(a.lists.map((l) => l.kind).sort()).toEqual(['BLACK', 'RED']);
    expect(a.measures.filter((m) => m.kind === 'INCENTIVE')).toEqual([]);
    expect([a.approval.mode, a.loan.eligible, a.loan.priority]).toEqual(['RESTRICTED', false, false]);
  });
});

describe('the red list', () => {
  // FIN-TAX-A +50, three general negatives −90: 960, grade B
  const merchant = () => {
    const taxA = ev('FIN-TAX-A', '2026-04-01');
    return { taxA, a: judge([taxA, ...times(3, GENERAL)]) };
  };

  it('brings its incentives to a grade-B merchant, citing the record', () => {
    const { taxA, a } = merchant();
    expect([a.score, a.grade]).toEqual([960, 'B']);
    expect(a.lists).toEqual([
      { kind: 'RED', eventId: taxA.id, code: 'FIN-TAX-A', since: day('2026-04-01'), until: day('2027-04-01'), reason: expect.stringContaining('FIN-TAX-A') },
    ]);
    expect(measureIds(a)).toEqual(['A-COMMENDATION', 'A-GREEN-CHANNEL', 'A-HONOUR-BOARD', 'A-LOAN-PRIORITY', 'A-SUBSIDY', 'A-TOLERANCE-ACCEPTANCE']);
    expect(measure(a, 'A-GREEN-CHANNEL')?.reasons).toEqual([`red list: FIN-TAX-A (event ${taxA.id})`]);
    expect(a.breakdown.find((i) => i.eventId === taxA.id)).toMatchObject({ points: 50, reason: expect.stringMatching(/red-list information/) });
  });

  it('does not bring the incentives that only grade A earns', () => {
    const { a } = merchant();
    expect(measureIds(a)).not.toContain('A-NOT-DISTURBED');
    expect(measureIds(a)).not.toContain('A-SIMPLIFIED-PROCEDURE');
  });

  it('earns the green channel at the approval window and loan priority at the bank', () => {
    const { taxA, a } = merchant();
    expect(a.approval.mode).toBe('GREEN_CHANNEL');
    expect(a.approval.reasons).toContainEqual(`red list FIN-TAX-A (event ${taxA.id}): GREEN_CHANNEL`);
    expect(a.loan).toMatchObject({ eligible: true, priority: true, tier: 'STANDARD', amountFactor: 1, speed: 'FAST_TRACK' });
    expect(a.loan.reasons).toContainEqual(`red list FIN-TAX-A (event ${taxA.id}): priority, speed FAST_TRACK`);
  });

  it('ends with the rating: an ended A-class rating brings nothing', () => {
    const a = judge([ev('FIN-TAX-A', '2025-07-01', { endedAt: day('2026-05-01'), status: 'ENDED' }), ...times(3, GENERAL)]);
    expect(a.lists).toEqual([]);
    expect(a.measures).toEqual([]);
    expect(a.approval.mode).toBe('COMMITMENT');
  });
});

describe('commitment-based approval', () => {
  it('gives grade A without bad records the green channel and its approval incentives', () => {
    const a = judge([]);
    expect(a.approval.mode).toBe('GREEN_CHANNEL');
    expect(a.approval.reasons).toEqual(['grade A (level A) under rizhao-street-shop v1, score 1000: GREEN_CHANNEL']);
    expect(measureIds(a)).toEqual(expect.arrayContaining(['A-GREEN-CHANNEL', 'A-TOLERANCE-ACCEPTANCE', 'A-SIMPLIFIED-PROCEDURE', 'A-NOT-DISTURBED']));
  });

  it('lets grade B use commitment-based approval', () => {
    expect(judge(times(2, GENERAL)).approval.mode).toBe('COMMITMENT');
  });

  it.each(['APR-CMT-BREACH', 'APR-CMT-FALSE'])(
    'takes commitment and missing-document acceptance away after %s, with the BREACH-NO-COMMITMENT measure',
    (code) => {
      const breach = ev(code);
      const a = judge([breach]);
      expect(a.grade).toBe('B');
      expect(a.approval.mode).toBe('STANDARD');
      expect(a.approval.reasons).toContainEqual(
        `no commitment-based approval or acceptance with missing documents until repaired: ${code} (event ${breach.id})`,
      );
      expect(measure(a, 'BREACH-NO-COMMITMENT')?.reasons).toEqual([`record ${code} (event ${breach.id}) on ${RECENT}`]);
    },
  );

  it('gives the commitment mode back once the breach is repaired, and lifts the measure', () => {
    const breach = ev('APR-CMT-BREACH', '2026-01-10');
    const events = [breach, ev(GENERAL)];
    expect(judge(events).approval.mode).toBe('STANDARD');
    const a = judge(events, { repairs: [repair(breach, '2026-05-01')] });
    expect([a.grade, a.approval.mode]).toEqual(['B', 'COMMITMENT']);
    expect(measureIds(a)).not.toContain('BREACH-NO-COMMITMENT');
  });

  it('gives the commitment mode back once the breached promise is kept late: the breach still counts, its bar and measure end then', () => {
    const kept = ev('APR-CMT-BREACH', '2026-03-01', { endedAt: day('2026-05-01'), status: 'ENDED' });
    const a = judge([kept]);
    expect([a.score, a.grade, a.approval.mode]).toEqual([970, 'B', 'COMMITMENT']);
    expect(a.breakdown.map((i) => i.eventId)).toEqual([kept.id]);
    expect(measureIds(a)).not.toContain('BREACH-NO-COMMITMENT');
    // judged before the promise was kept, the bar stood
    expect(judge([kept], { at: day('2026-04-15') }).approval.mode).toBe('STANDARD');
  });

  it('does not let late fulfilment end the bar of a false commitment: only a repair does', () => {
    const untrue = ev('APR-CMT-FALSE', '2026-03-01', { endedAt: day('2026-05-01'), status: 'ENDED' });
    expect(judge([untrue, ...times(4, PLUS_30)]).approval.mode).toBe('STANDARD');
  });

  it('takes the green channel, and every approval by trust, from a grade-A merchant with a serious bad record', () => {
    // −100 + 4 × 30 = 1020: grade A by the points
    const serious = ev(SERIOUS);
    const a = judge([serious, ...times(4, PLUS_30)]);
    expect([a.score, a.grade]).toEqual([1020, 'A']);
    expect(a.approval.mode).toBe('STANDARD');
    expect(a.approval.reasons.join('\n')).toContain(`${SERIOUS} (event ${serious.id})`);
    expect(a.measures.filter((m) => m.context === 'APPROVAL' && m.kind === 'INCENTIVE')).toEqual([]);
    expect(measureIds(a)).toContain('A-NOT-DISTURBED');
  });

  it('gives the green channel back once the serious record is repaired', () => {
    const serious = ev(SERIOUS, '2025-01-10');
    expect(judge([serious, ...times(4, PLUS_30)], { repairs: [repair(serious, '2026-02-01')] }).approval.mode).toBe('GREEN_CHANNEL');
  });

  it('does not let a red list lift a breach: the red-listed merchant stays at STANDARD without approval incentives', () => {
    const a = judge([ev('FIN-TAX-A'), ev('APR-CMT-BREACH'), ...times(2, GENERAL)]);
    expect(a.grade).toBe('B');
    expect(a.approval.mode).toBe('STANDARD');
    expect(measureIds(a)).not.toContain('A-GREEN-CHANNEL');
    expect(measureIds(a)).not.toContain('A-TOLERANCE-ACCEPTANCE');
    expect(measureIds(a)).toContain('A-LOAN-PRIORITY');
  });

  it('restricts grade D, with a warning to the clerk', () => {
    const a = judge(worth(-400));
    expect([a.grade, a.approval.mode]).toEqual(['D', 'RESTRICTED']);
    expect(a.approval.warnings).toContainEqual(expect.stringMatching(/^Warning: attention/));
  });

  it('reminds the clerk, in friendly words, that grade C is generally dishonest', () => {
    const a = judge(worth(-200));
    expect([a.grade, a.approval.mode]).toEqual(['C', 'STANDARD']);
    expect(a.approval.warnings).toEqual([expect.stringMatching(/^Friendly reminder: generally dishonest \(grade C\)/)]);
  });
});

describe('the bank', () => {
  it.each([
    ['A', 0, { eligible: true, priority: true, tier: 'PREFERENTIAL', amountFactor: 1.5, speed: 'FAST_TRACK' }],
    ['B', -100, { eligible: true, priority: false, tier: 'STANDARD', amountFactor: 1, speed: 'STANDARD' }],
    ['C', -200, { eligible: true, priority: false, tier: 'RESTRICTED', amountFactor: 0.5, speed: 'CAUTIOUS' }],
    ['D', -400, { eligible: false, priority: false, tier: 'NONE', amountFactor: 0, speed: 'NONE' }],
  ])('treats a grade-%s merchant as the scheme says, its loan amount and speed of lending too', (grade, points, treatment) => {
    const a = judge(worth(points));
    expect(a.grade).toBe(grade);
    expect(a.loan).toEqual({ ...treatment, reasons: [expect.stringMatching(`^grade ${grade} \\(level ${grade}\\) under rizhao-street-shop v1`)] });
  });

  it('refuses a black-listed merchant whatever its points, and says which listing', () => {
    const listed = ev('FIN-TAX-D');
    const a = judge([listed, ...times(20, PLUS_30)]);
    expect(a.loan).toMatchObject({ eligible: false, priority: false, tier: 'NONE', amountFactor: 0, speed: 'NONE' });
    expect(a.loan.reasons).toContainEqual(`black list FIN-TAX-D (event ${listed.id}): not eligible`);
  });

  it('takes the amount factor and the speed from the scheme', () => {
    const loan = { ...RIZHAO.outcomes.loan, B: { ...RIZHAO.outcomes.loan.B, amountFactor: 1.2, speed: 'FAST_TRACK' as const } };
    const a = judge(worth(-100), { scheme: { ...RIZHAO, outcomes: { ...RIZHAO.outcomes, loan } } });
    expect([a.grade, a.loan.amountFactor, a.loan.speed]).toEqual(['B', 1.2, 'FAST_TRACK']);
    expect(a.loan.reasons).toEqual([expect.stringMatching(/: eligible, tier STANDARD, amount factor 1.2, speed FAST_TRACK$/)]);
  });
});

describe('a generally dishonest (grade C) merchant on the red list', () => {
  // an A-class taxpayer (+50) with eight general violations (−240): 810, grade C
  const taxA = ev('FIN-TAX-A');
  const a = judge([taxA, ...times(8, GENERAL)]);

  it('is graded C and listed red', () => {
    expect([a.score, a.grade]).toEqual([810, 'C']);
    expect(a.lists.map((l) => l.kind)).toEqual(['RED']);
  });

  it("gets the grade's punishments and none of the red list's incentives", () => {
    expect(measureIds(a)).toEqual(['C-FOCUS-SUPERVISION', 'C-INTEGRITY-INTERVIEW']);
    expect(a.measures.filter((m) => m.kind === 'INCENTIVE')).toEqual([]);
  });

  it("keeps grade C's loan: no priority, its amount and speed, and says why the red list brings nothing", () => {
    expect(a.loan).toMatchObject({ eligible: true, priority: false, tier: 'RESTRICTED', amountFactor: 0.5, speed: 'CAUTIOUS' });
    expect(a.loan.reasons).toContainEqual(`red list FIN-TAX-A (event ${taxA.id}) brings no incentives at level C (only at A, B under rizhao-street-shop v1)`);
  });

  it('gets the incentives under a scheme that gives red-list incentives down to level C', () => {
    const generous = judge([taxA, ...times(8, GENERAL)], { scheme: { ...RIZHAO, redListLevels: ['A', 'B', 'C'] } });
    expect(measureIds(generous)).toEqual(expect.arrayContaining(['A-HONOUR-BOARD', 'A-COMMENDATION', 'A-SUBSIDY', 'A-LOAN-PRIORITY', 'C-FOCUS-SUPERVISION']));
    expect([generous.approval.mode, generous.loan.priority, generous.loan.speed]).toEqual(['GREEN_CHANNEL', true, 'FAST_TRACK']);
  });

  it('gets no incentive that a record triggers while its level is punished, though a B merchant with the record does', () => {
    const model: Measure = { ...BUILT_IN_MEASURES.find((m) => m.id === 'A-COMMENDATION')!, id: 'TAX-MODEL-SUBSIDY', trigger: { codes: ['FIN-TAX-A'] } };
    const measures = [...BUILT_IN_MEASURES, model];
    expect(measureIds(judge([taxA, ...times(8, GENERAL)], { measures }))).toEqual(['C-FOCUS-SUPERVISION', 'C-INTEGRITY-INTERVIEW']);
    expect(measureIds(judge([taxA, ...times(3, GENERAL)], { measures }))).toContain('TAX-MODEL-SUBSIDY');
  });

  it('gets no incentive at level B either when the scheme keeps them for level A', () => {
    const strict = judge([taxA, ...times(3, GENERAL)], { scheme: { ...RIZHAO, redListLevels: ['A'] } });
    expect(strict.grade).toBe('B');
    expect(strict.measures.filter((m) => m.kind === 'INCENTIVE')).toEqual([]);
    expect([strict.approval.mode, strict.loan.priority]).toEqual(['COMMITMENT', false]);
  });
});

describe('inspection and the internal risk classes', () => {
  // MARKET_RISK: base 100, A ≥ 95, B ≥ 80, C ≥ 60; minor −2, general −8, serious −25, positive +2
  it.each([
    ['A', [] as string[], 0.04],
    ['B', [GENERAL], 0.12],
    ['C', [GENERAL, GENERAL, GENERAL], 0.4],
    ['D', [SERIOUS, SERIOUS], 0.7],
  ])('draws a merchant of risk class %s with the sampling weight of its class', (riskClass, codes, weight) => {
    const a = judge(codes.map((c) => ev(c)));
    expect(a.inspection).toMatchObject({ riskClass, samplingWeight: weight });
    expect(a.inspection.reasons[0]).toMatch(`risk class ${riskClass} under market-risk-class v1`);
  });

  it('raises the sampling weight from A to D', () => {
    const weights = (['A', 'B', 'C', 'D'] as const).map((l) => MARKET_RISK.outcomes.sampling[l]);
    expect([...weights].sort((x, y) => x - y)).toEqual(weights);
    expect(new Set(weights).size).toBe(4);
  });

  describe('a merchant of risk class D whose public grade is A', () => {
    // eight general negatives and eight +30 behaviours: 1000 points publicly, 100 − 64 + 16 = 52 as a risk
    const events = [...times(8, GENERAL), ...times(8, PLUS_30)];
    const a = judge(events);

    it('is graded A in public and drawn as a class-D risk', () => {
      expect([a.score, a.grade, a.level]).toEqual([1000, 'A', 'A']);
      expect([a.inspection.riskClass, a.inspection.samplingWeight]).toEqual(['D', 0.7]);
    });

    it('gets no measure of level D: the risk class triggers nothing', () => {
      expect(a.measures.filter((m) => m.kind === 'PUNISHMENT')).toEqual([]);
      for (const m of a.measures) for (const r of m.reasons) expect(r).toMatch(/^grade A \(level A\) under rizhao-street-shop v1/);
      expect([a.approval.mode, a.loan.eligible, a.loan.tier]).toEqual(['GREEN_CHANNEL', true, 'PREFERENTIAL']);
      expect(a.approval.warnings).toEqual([]);
    });

    it('is put under key monitoring for inspection, citing its risk class and not a grade', () => {
      expect(a.inspection.keyMonitoring).toBe(true);
      for (const r of a.inspection.reasons) expect(r).toMatch(/risk class D under market-risk-class v1/);
    });

    it('never shows the risk class outside the inspection outcome', () => {
      const { inspection: _internal, ...rest } = a;
      expect(JSON.stringify(rest)).not.toMatch(/market-risk-class|risk class/);
    });
  });

  it('always grades with a band of the public scheme, never with a risk class', () => {
    for (const scheme of [RIZHAO, ANKANG]) {
      for (const events of [[], worth(-100), worth(-250), worth(-500), [ev('MKT-SID-LISTED')], [...times(8, GENERAL), ...times(8, PLUS_30)]]) {
        const a = judge(events, { scheme });
        expect(scheme.bands.map((b) => b.grade)).toContain(a.grade);
        expect(a.scheme).toEqual({ id: scheme.id, version: scheme.version });
      }
    }
  });

  it('refuses to grade merchants publicly with the risk-class scheme', () => {
    expect(() => judge([], { scheme: MARKET_RISK })).toThrow('scheme market-risk-class sets risk classes; it cannot grade merchants publicly');
  });
});

describe('the Rizhao bands', () => {
  it.each([
    [1000, 'A'],
    [990, 'B'],
    [870, 'B'],
    [860, 'C'],
    [650, 'C'],
    [640, 'D'],
  ])('puts %i points in grade %s', (score, grade) => {
    const a = judge(worth(score - 1000));
    expect([a.score, a.grade]).toEqual([score, grade]);
  });

  it.each([
    [1000, 'A'],
    [999, 'B'],
    [870, 'B'],
    [869, 'C'],
    [650, 'C'],
    [649, 'D'],
  ])('puts %i points in grade %s at the band edges (a version where one behaviour costs a single point)', (score, grade) => {
    const scheme = withOnePoint(RIZHAO);
    expect(schemeProblems(scheme, new Set(CATALOGUE.map((c) => c.code)))).toEqual([]);
    const a = judge(worth(score - 1000), { scheme });
    expect([a.score, a.grade]).toEqual([score, grade]);
  });

  it('adds the points for honours that RIZHAO.points.byCode names, and severity points otherwise', () => {
    const a = judge([ev('FIN-TAX-A'), ev('MKT-POS-MODEL'), ev('APR-HON-CIVIL'), ev('URB-POS-02'), ev(PLUS_10), ev(MINOR), ev(GENERAL), ev(SERIOUS)]);
    expect(a.breakdown.map((i) => [i.code, i.points])).toEqual(
      expect.arrayContaining([
        ['FIN-TAX-A', 50],
        ['MKT-POS-MODEL', 50],
        ['APR-HON-CIVIL', 30],
        ['URB-POS-02', 20],
        [PLUS_10, 10],
        [MINOR, -10],
        [GENERAL, -30],
        [SERIOUS, -100],
      ]),
    );
    expect(a.score).toBe(1000 + 50 + 50 + 30 + 20 + 10 - 10 - 30 - 100);
  });

  it('scores in whole points', () => {
    for (const events of [[], worth(-130), worth(70), [ev('FIN-TAX-A'), ev(SERIOUS), ev('APR-HON-CIVIL')]]) {
      const a = judge(events);
      expect(Number.isInteger(a.score)).toBe(true);
      for (const i of a.breakdown) expect(Number.isInteger(i.points)).toBe(true);
    }
  });
});

describe('the Ankang five-level scheme', () => {
  it.each([
    [1000, '优+'],
    [950, '优+'],
    [949, '优'],
    [900, '优'],
    [899, '良'],
    [800, '良'],
    [799, '中'],
    [650, '中'],
    [649, '差'],
  ])('puts %i points in grade %s', (score, grade) => {
    const a = judge(worth(score - 1000), { scheme: withOnePoint(ANKANG) });
    expect([a.score, a.grade]).toEqual([score, grade]);
  });

  it.each([
    ['优+', 0, 'A', 'A-NOT-DISTURBED', 'GREEN_CHANNEL'],
    ['优', -60, 'A', 'A-NOT-DISTURBED', 'GREEN_CHANNEL'],
    ['良', -150, 'B', null, 'COMMITMENT'],
    ['中', -300, 'C', 'C-FOCUS-SUPERVISION', 'STANDARD'],
    ['差', -360, 'D', 'D-KEY-MONITORING', 'RESTRICTED'],
  ])('applies to grade %s the measures and outcomes of its level', (grade, points, level, measureId, mode) => {
    const a = judge(worth(points), { scheme: ANKANG });
    expect([a.grade, a.level, a.approval.mode]).toEqual([grade, level, mode]);
    if (measureId) expect(measure(a, measureId)?.reasons).toEqual([expect.stringContaining(`grade ${grade} (level ${level}) under ankang-five-level v1`)]);
    else expect(a.measures).toEqual([]);
  });

  it('forces 差 on a black-listed merchant', () => {
    const a = judge([ev('FIN-JUD-DEBTOR'), ...times(10, PLUS_30)], { scheme: ANKANG });
    expect([a.score, a.grade, a.level]).toEqual([1200, '差', 'D']);
    expect(a.breakdown[0].reason).toMatch(/forces grade 差 whatever the points/);
  });
});

describe('explanations', () => {
  // a black list, a red list, a breach, an honour, a pending objection, a repair and a few exclusions
  const listed = ev('MKT-SID-LISTED', '2026-02-01');
  const taxA = ev('FIN-TAX-A', '2026-03-01');
  const breach = ev('APR-CMT-BREACH', '2026-04-01');
  const repaired = ev(GENERAL, '2026-01-05');
  const disputed = ev('URB-PRK-03', '2026-05-20');
  const events = [
    listed,
    taxA,
    breach,
    repaired,
    disputed,
    ev(PLUS_30),
    ev(MINOR, '2025-01-01'),
    ev(SERIOUS, '2026-07-01'),
    ev(GENERAL, RECENT, { status: 'RESCINDED' }),
  ];
  const input = { objections: [objection(disputed, 'PENDING')], repairs: [repair(repaired, '2026-05-01')] };

  it('cites, for every score item, list, measure and outcome, the event and code or the grade and scheme version behind it', () => {
    for (const scheme of [RIZHAO, ANKANG]) {
      const a = judge(events, { ...input, scheme });
      const reasons = [
        ...a.breakdown.map((i) => i.reason),
        ...a.lists.map((l) => l.reason),
        ...a.measures.flatMap((m) => m.reasons),
        ...a.approval.reasons,
        ...a.loan.reasons,
        ...a.inspection.reasons,
      ];
      expect(reasons.length).toBeGreaterThan(10);
      for (const r of reasons) expect([r, cites(r, events, [scheme, MARKET_RISK])]).toEqual([r, true]);
      for (const i of a.breakdown) expect(i.reason).toContain(tag(scheme));
      for (const m of a.measures) expect(m.reasons.length).toBeGreaterThan(0);
    }
  });

  it('ties every score item, exclusion and list membership to an input event with its code', () => {
    const a = judge(events, input);
    const byId = new Map(events.map((e) => [e.id, e]));
    for (const x of [...a.breakdown, ...a.excluded, ...a.lists]) expect(byId.get(x.eventId)?.code).toBe(x.code);
    expect(a.breakdown.length + a.excluded.length).toBe(events.length);
  });

  it('gives the same output, byte for byte, for the same input in any order', () => {
    const a = JSON.stringify(judge(events, input));
    const shuffled = [...events.slice(4), ...events.slice(0, 4)].reverse();
    expect(JSON.stringify(judge(shuffled, { ...input, measures: [...BUILT_IN_MEASURES].reverse() }))).toBe(a);
    expect(JSON.stringify(judge(events, input))).toBe(a);
  });
});

describe('repair and month arithmetic', () => {
  it.each([
    ['APR-PMT-LATE', 'MINOR', '2026-05-10', '2026-05-10'],
    ['URB-SAN-02', 'GENERAL', '2026-05-10', '2026-08-10'],
    ['MKT-PEN-SERIOUS', 'SERIOUS', '2026-05-10', '2027-05-10'],
    ['FIN-JUD-DEBTOR', 'SERIOUS', '2024-02-29', '2025-02-28'],
    ['URB-SAN-02', 'GENERAL', '2025-11-30', '2026-02-28'],
  ])('lets %s (%s) of %s be repaired from %s, once the minimum publicity has passed', (code, severity, occurred, from) => {
    const entry = catalogueEntry(code)!;
    expect(entry.severity).toBe(severity);
    expect(iso(repairableFrom(day(occurred), entry, RIZHAO))).toBe(from);
  });

  it('adds calendar months in UTC, keeping the time of day and falling back to the last day of a shorter month', () => {
    expect(addMonths(new Date('2026-01-31T08:30:00.000Z'), 1).toISOString()).toBe('2026-02-28T08:30:00.000Z');
    expect(addMonths(new Date('2024-01-31T00:00:00.000Z'), 1).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(addMonths(day('2026-03-15'), 60).toISOString()).toBe('2031-03-15T00:00:00.000Z');
    expect(addMonths(day('2026-12-31'), 2).toISOString()).toBe('2027-02-28T00:00:00.000Z');
    // century years: 2100 is not a leap year, 2000 was; back across 1970 and across years
    expect(addMonths(new Date('2099-12-31T23:59:59.999Z'), 2).toISOString()).toBe('2100-02-28T23:59:59.999Z');
    expect(addMonths(new Date('2000-03-31T12:00:00.000Z'), -1).toISOString()).toBe('2000-02-29T12:00:00.000Z');
    expect(addMonths(new Date('1970-01-01T00:00:00.000Z'), -13).toISOString()).toBe('1968-12-01T00:00:00.000Z');
    expect(addMonths(new Date('1969-12-31T06:00:00.000Z'), 1).toISOString()).toBe('1970-01-31T06:00:00.000Z');
  });
});

describe('scheme validation', () => {
  const known = new Set(CATALOGUE.map((c) => c.code));
  const problems = (over: Partial<Scheme>) => schemeProblems({ ...RIZHAO, ...over }, known);

  it.each([RIZHAO, ANKANG, MARKET_RISK].map((s) => [s.id, s] as const))('finds nothing wrong with the built-in scheme %s', (_id, s) => {
    expect(schemeProblems(s, known)).toEqual([]);
  });

  it('refuses minimums that rise from one band to the next', () => {
    const bands = [
      { grade: 'A', min: 900, level: 'A' as const },
      { grade: 'B', min: 950, level: 'B' as const },
      { grade: 'C', min: 650, level: 'C' as const },
      { grade: 'D', min: null, level: 'D' as const },
    ];
    expect(problems({ bands })).toEqual(['band B: minimums must fall from the best band to the worst']);
  });

  it('refuses a last band with a minimum', () => {
    const bands = RIZHAO.bands.map((b) => (b.grade === 'D' ? { ...b, min: 0 } : b));
    expect(problems({ bands })).toEqual(['band D: the last band takes every lower score, so it has no minimum']);
  });

  it('refuses negative information that adds points', () => {
    expect(problems({ points: { ...RIZHAO.points, bySeverity: { ...RIZHAO.points.bySeverity, GENERAL: 30 } } })).toEqual([
      'negative information must not add points',
    ]);
  });

  it('refuses a negative code that adds points, and a positive code that deducts them', () => {
    expect(problems({ points: { ...RIZHAO.points, byCode: { [SERIOUS]: 20 } } })).toEqual([`points for ${SERIOUS}: negative information must not add points`]);
    expect(problems({ points: { ...RIZHAO.points, byCode: { [PLUS_10]: -20 } } })).toEqual([
      `points for ${PLUS_10}: positive information must not deduct points`,
    ]);
  });

  it('refuses points for a code the catalogue does not know', () => {
    expect(problems({ points: { ...RIZHAO.points, byCode: { 'MKT-NO-SUCH-CODE': 10 } } })).toEqual(['points for MKT-NO-SUCH-CODE: not a catalogue code']);
  });

  it.each([
    [{ D: 1.5 }, 'sampling weight of level D must be between 0 and 1'],
    [{ A: -0.1 }, 'sampling weight of level A must be between 0 and 1'],
    [{ B: Number.NaN }, 'sampling weight of level B must be between 0 and 1'],
    [{ A: 0.5, B: 0.3 }, 'sampling weights must rise from level A to level D'],
  ])('refuses the sampling weights %o', (weights, problem) => {
    expect(problems({ outcomes: { ...RIZHAO.outcomes, sampling: { ...RIZHAO.outcomes.sampling, ...weights } } })).toEqual([problem]);
  });

  it.each([
    [{ C: { ...RIZHAO.outcomes.loan.C, amountFactor: 2 } }, 'loan amount factors must not rise from level A to level D'],
    [{ C: { ...RIZHAO.outcomes.loan.C, speed: 'FAST_TRACK' as const } }, 'loan speeds must not get faster from level A to level D'],
    [{ A: { ...RIZHAO.outcomes.loan.A, amountFactor: 11 } }, 'loan amount factor of level A must be a number from 0 to 10'],
    [{ A: { ...RIZHAO.outcomes.loan.A, speed: 'SOON' as 'NONE' } }, 'loan speed of level A must be one of FAST_TRACK, STANDARD, CAUTIOUS, NONE'],
    [{ D: { ...RIZHAO.outcomes.loan.D, amountFactor: 0.2 } }, 'level D is not eligible for loans: its amount factor must be 0 and its speed NONE'],
    [{ C: { ...RIZHAO.outcomes.loan.C, speed: 'NONE' as const } }, 'level C is eligible for loans: its amount factor must be above 0 and its speed not NONE'],
  ])('refuses the loan treatment %o', (loan, problem) => {
    expect(problems({ outcomes: { ...RIZHAO.outcomes, loan: { ...RIZHAO.outcomes.loan, ...loan } } })).toEqual([problem]);
  });

  it.each([
    [['B'], 'redListLevels must be the best levels: a level cannot earn red-list incentives that a better one does not'],
    [['A', 'A'], 'redListLevels must name distinct levels among A, B, C, D'],
    [['A', 'B', 'C', 'D'], 'redListLevels must not include D: a seriously dishonest merchant is under joint punishment, which excludes incentives'],
  ] as const)('refuses red-list incentives at the levels %o', (levels, problem) => {
    expect(problems({ redListLevels: [...levels] })).toEqual([problem]);
  });

  it('reads a version stored before schemes named red-list levels and loan amounts with the defaults, lending nothing where it was not eligible', () => {
    const { redListLevels: _, ...stored } = RIZHAO;
    const loan = { eligible: true, priority: false, tier: 'STANDARD' };
    const old = {
      ...stored,
      outcomes: { ...RIZHAO.outcomes, loan: { A: loan, B: loan, C: { ...loan, eligible: false, tier: 'NONE' }, D: loan } },
    } as unknown as Scheme;
    const read = withDefaults(old);
    expect(read.redListLevels).toEqual(['A', 'B']);
    expect((['A', 'B', 'C', 'D'] as const).map((l) => [read.outcomes.loan[l].amountFactor, read.outcomes.loan[l].speed])).toEqual([
      [1.5, 'FAST_TRACK'],
      [1, 'STANDARD'],
      [0, 'NONE'],
      [0.5, 'CAUTIOUS'],
    ]);
  });

  it('accepts a scheme whose red list brings no incentives at all', () => {
    expect(problems({ redListLevels: [] })).toEqual([]);
  });

  it('refuses a black-list level that no band has', () => {
    const bands = [
      { grade: 'good', min: 900, level: 'A' as const },
      { grade: 'fair', min: 700, level: 'B' as const },
      { grade: 'poor', min: null, level: 'C' as const },
    ];
    expect(problems({ bands })).toEqual(['blackListLevel D is the level of no band: a black-listed merchant could not be graded']);
  });
});

describe('what the departments end and what an honour lifts', () => {
  it('ends a listing whose status is ENDED even when the department gave no end date', () => {
    const a = judge([ev('MKT-SID-LISTED', RECENT, { status: 'ENDED' })]);
    expect(a.lists).toEqual([]);
    expect(a.grade).not.toBe('D');
  });

  it('does not lift a generally dishonest (grade C) merchant to the green channel for an honour', () => {
    const a = judge([ev('FIN-TAX-A'), ...times(7, GENERAL)]);
    expect(a.grade).toBe('C');
    expect(a.lists.map((l) => l.kind)).toEqual(['RED']);
    expect(a.approval.mode).toBe('STANDARD');
  });
});

describe('the worked example of docs/credit.md', () => {
  it('judges the noodle shop of "How a grade is made" exactly as docs/credit.md says', () => {
    const at = new Date('2026-08-01T09:00:00Z');
    const on = (iso: string) => new Date(`${iso}T09:00:00Z`);
    const events: FactEvent[] = [
      { id: 'e1', code: 'URB-SAN-02', department: 'urban', occurredAt: on('2026-07-03'), endedAt: null, status: 'ACTIVE' },
      { id: 'e2', code: 'MKT-PEN-GENERAL', department: 'market', occurredAt: on('2026-03-12'), endedAt: null, status: 'ACTIVE' },
      { id: 'e3', code: 'APR-CMT-BREACH', department: 'approval', occurredAt: on('2026-05-20'), endedAt: null, status: 'ACTIVE' },
      { id: 'e4', code: 'FIN-TAX-A', department: 'finance', occurredAt: on('2026-04-15'), endedAt: null, status: 'ACTIVE' },
      { id: 'e5', code: 'URB-SAN-01', department: 'urban', occurredAt: on('2026-06-01'), endedAt: null, status: 'ACTIVE' },
      { id: 'e6', code: 'MKT-PEN-MINOR', department: 'market', occurredAt: on('2025-08-01'), endedAt: null, status: 'ACTIVE' },
    ];
    const a = judge(events, { at, objections: [{ id: 'o1', eventId: 'e1', state: 'PENDING' }] });
    expect([a.score, a.grade]).toEqual([950, 'B']);
    expect(a.excluded).toEqual([{ eventId: 'e6', code: 'MKT-PEN-MINOR', department: 'market', reason: 'its minor publicity period ended on 2025-11-01' }]);
    expect(a.lists.map((l) => [l.kind, l.eventId])).toEqual([['RED', 'e4']]);
    expect(measureIds(a)).toEqual(['A-COMMENDATION', 'A-HONOUR-BOARD', 'A-LOAN-PRIORITY', 'A-SUBSIDY', 'BREACH-NO-COMMITMENT']);
    expect(a.approval).toEqual({
      mode: 'STANDARD',
      reasons: [
        'grade B (level B) under rizhao-street-shop v1, score 950: COMMITMENT',
        'red list FIN-TAX-A (event e4): GREEN_CHANNEL',
        'no commitment-based approval or acceptance with missing documents until repaired: APR-CMT-BREACH (event e3)',
      ],
      warnings: ['Record URB-SAN-02 (event e1) is under objection and not yet decided.'],
    });
    expect([a.loan.eligible, a.loan.tier, a.loan.priority]).toEqual([true, 'STANDARD', true]);
    expect(a.inspection).toEqual(expect.objectContaining({ riskClass: 'C', samplingWeight: 0.4 }));
    expect(a.inspection.reasons[0]).toBe('risk class C under market-risk-class v1, risk score 76: sampling weight 0.4');
    const revoked = judge(events, { at, objections: [{ id: 'o1', eventId: 'e1', state: 'REVOKED' }] });
    expect([revoked.score, revoked.grade]).toEqual([980, 'B']);
    const repaired = judge(events, {
      at,
      objections: [{ id: 'o1', eventId: 'e1', state: 'PENDING' }],
      repairs: [{ id: 'r1', eventId: 'e3', approvedAt: on('2026-07-30') }],
    });
    expect(repaired.approval.mode).toBe('GREEN_CHANNEL');
  });
});
