import pg from 'pg';

const parseTimestamptz = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (text: string) => Date;

/**
 * A timestamp as a row holds it: the ORM's driver leaves them as PostgreSQL's text, which `new Date(text)` misreads
 * (year 0025 as Invalid Date, 0049 as 2049); pg's own parser reads every year PostgreSQL stores.
 */
export function timestamp(value: string | Date): Date {
  if (value instanceof Date) return value;
  const parsed = parseTimestamptz(value) as Date | number;
  // 'infinity' and '-infinity' come back as numbers: the latest and earliest dates, which every date check refuses
  return typeof parsed === 'number' ? new Date(parsed > 0 ? '9999-12-31T23:59:59.999Z' : '0001-01-01T00:00:00.000Z') : parsed;
}
