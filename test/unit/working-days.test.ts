import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { WorkingCalendar, workingCalendar } from '../../src/worklist';

/** an instant on a local (Beijing) date and hour */
const beijing = (day: string, hour = 10) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
/** the end of a local day: the next day's midnight in Beijing */
const endOf = (day: string) => new Date(new Date(`${day}T00:00:00+08:00`).getTime() + 86_400_000);

describe("China's holiday calendar as shipped", () => {
  const china = workingCalendar(undefined);

  it('counts seven working days from a filing before National Day across the holiday and the Saturday worked after it', () => {
    // 30 Sep (Wed); 1–7 Oct off; 8 (Thu), 9 (Fri), 10 (Sat, worked in exchange), 12, 13, 14 Oct
    expect(china.afterWorkingDays(beijing('2026-09-29'), 7)).toEqual(endOf('2026-10-14'));
  });

  it('counts the Sunday worked before National Day and skips the Mid-Autumn Friday', () => {
    // 21–24 Sep (Mon–Thu); 25–27 off; 20 Sep is the Sunday worked: a filing on Saturday 19 Sep counts it first
    expect(china.afterWorkingDays(beijing('2026-09-19'), 5)).toEqual(endOf('2026-09-24'));
    expect(china.afterWorkingDays(beijing('2026-09-19'), 6)).toEqual(endOf('2026-09-28'));
  });

  it('counts the Spring Festival as nine days off, with its two Saturdays worked', () => {
    expect(['2026-02-14', '2026-02-28'].map((d) => china.isWorkingDay(d))).toEqual([true, true]);
    expect(['2026-02-16', '2026-02-20', '2026-02-23'].map((d) => china.isWorkingDay(d))).toEqual([false, false, false]);
    // 13 Feb (Fri) filing: 14 (Sat, worked), then 24, 25, 26, 27 Feb
    expect(china.afterWorkingDays(beijing('2026-02-13'), 5)).toEqual(endOf('2026-02-27'));
  });

  it('counts calendar days by the local date: a filing late in the evening in Beijing is that day, not the UTC one', () => {
    // 23:30 in Beijing on 1 March is 15:30 UTC the same day; 00:30 on 2 March is 16:30 UTC on 1 March
    expect(china.afterDays(beijing('2026-03-01', 23), 20)).toEqual(endOf('2026-03-21'));
    expect(china.afterDays(beijing('2026-03-02', 0), 20)).toEqual(endOf('2026-03-22'));
  });
});

describe("an operator's calendar over the shipped one", () => {
  it('adds the days it declares and overrides the shipped word on a day', () => {
    const file = join(tmpdir(), `calendar-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ nonWorking: ['2027-01-01', '2026-12-31'], working: ['2026-10-07'] }));
    const c = workingCalendar(file);
    expect(['2027-01-01', '2026-12-31', '2026-10-07', '2026-10-06'].map((d) => c.isWorkingDay(d))).toEqual([false, false, true, false]);
    expect(workingCalendar(file)).toBe(c);
  });

  it('refuses a file that is not a calendar, naming what is wrong', () => {
    const file = join(tmpdir(), `calendar-bad-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ nonWorking: ['1 May'] }));
    expect(() => workingCalendar(file)).toThrow(/WORKING_CALENDAR_FILE .*nonWorking\.0: a date is written YYYY-MM-DD/);
  });

  it('counts in UTC when no file names an offset', () => {
    expect(new WorkingCalendar([{ nonWorking: [] }]).afterDays(new Date('2026-03-01T23:00:00Z'), 1)).toEqual(new Date('2026-03-03T00:00:00Z'));
  });
});

describe('the deadlines and the grace as configuration', () => {
  it('keeps the defaults of the rules: 20 days for an objection, 7 working days for a repair decision', () => {
    const c = loadConfig({});
    expect([c.OBJECTION_ANSWER_DAYS, c.REPAIR_DECISION_WORKING_DAYS, c.COMMITMENT_GRACE_DAYS]).toEqual([20, 7, 3]);
  });

  it('refuses a negative grace or a deadline of no days', () => {
    expect(() => loadConfig({ COMMITMENT_GRACE_DAYS: '-1' })).toThrow(/COMMITMENT_GRACE_DAYS/);
    expect(() => loadConfig({ REPAIR_DECISION_WORKING_DAYS: '0' })).toThrow(/REPAIR_DECISION_WORKING_DAYS/);
  });
});
