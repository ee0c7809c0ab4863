import pg from 'pg';

const parseTimestamptz = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (text: string) => Date;

/**
 * A timestamp as a row holds it: the ORM's driver leaves them as PostgreSQL's text, which `new Date(text)` misreads
 * (year 0025 as Invalid Date, 0049 as 2049); pg's own parser reads every year PostgreSQL stores.
 */
export const timestamp = (value: string | Date): Date => (value instanceof Date ? value : parseTimestamptz(value));
