import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../config';
import china from './china.json';

const DAY = 86_400_000;
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD');
const calendarFile = z.object({
  name: z.string().optional(),
  /** the offset of the local day the calendar's dates are in */
  utcOffset: z
    .string()
    .regex(/^[+-]\d{2}:\d{2}$/)
    .optional(),
  /** public holidays, on whichever weekday they fall */
  nonWorking: z.array(date).default([]),
  /** weekends worked in exchange for a bridged holiday (调休) */
  working: z.array(date).default([]),
});
export type CalendarFile = z.input<typeof calendarFile>;

/**
 * Working days under a holiday calendar that is data: Monday to Friday, less the public holidays, plus the weekends
 * declared working. A deadline of n working days ends with the n-th working day after the day it starts.
 */
export class WorkingCalendar {
  private readonly offsetMs: number;
  private readonly nonWorking: Set<string>;
  private readonly working: Set<string>;

  constructor(files: readonly CalendarFile[]) {
    const parsed = files.map((f) => calendarFile.parse(f));
    const offset = [...parsed].reverse().find((f) => f.utcOffset)?.utcOffset ?? '+00:00';
    this.offsetMs = (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
    this.nonWorking = new Set();
    this.working = new Set();
    // a later file overrides an earlier one's word on a day
    for (const f of parsed) {
      for (const d of f.nonWorking) (this.working.delete(d), this.nonWorking.add(d));
      for (const d of f.working) (this.nonWorking.delete(d), this.working.add(d));
    }
  }

  /** the local date (YYYY-MM-DD) of an instant */
  dayOf(at: Date): string {
    return new Date(at.getTime() + this.offsetMs).toISOString().slice(0, 10);
  }

  isWorkingDay(day: string): boolean {
    if (this.working.has(day)) return true;
    if (this.nonWorking.has(day)) return false;
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** The end of the n-th working day after the day of `from` (the start of the next local day). */
  afterWorkingDays(from: Date, n: number): Date {
    let day = this.dayOf(from);
    for (let left = n; left > 0;) {
      day = nextDay(day);
      if (this.isWorkingDay(day)) left--;
    }
    return this.endOf(day);
  }

  /** The end of the n-th calendar day after the day of `from`. */
  afterDays(from: Date, n: number): Date {
    return new Date(Date.parse(`${this.dayOf(from)}T00:00:00Z`) + (n + 1) * DAY - this.offsetMs);
  }

  private endOf(day: string): Date {
    return new Date(Date.parse(`${day}T00:00:00Z`) + DAY - this.offsetMs);
  }
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString().slice(0, 10);

const loaded = new Map<string, WorkingCalendar>();

/** China's calendar as shipped, extended by an operator's file of the same shape (a later year's notice, a local day); read once a process. */
export function workingCalendar(operatorFile: string | undefined): WorkingCalendar {
  let calendar = loaded.get(operatorFile ?? '');
  if (!calendar) loaded.set(operatorFile ?? '', (calendar = load(operatorFile)));
  return calendar;
}

function load(operatorFile: string | undefined): WorkingCalendar {
  try {
    return new WorkingCalendar(operatorFile ? [china, JSON.parse(readFileSync(operatorFile, 'utf8')) as CalendarFile] : [china]);
  } catch (e) {
    throw new ConfigError(
      `invalid configuration: WORKING_CALENDAR_FILE ${operatorFile}: ${e instanceof z.ZodError ? e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : (e as Error).message}`,
    );
  }
}
