import { Directive, Field, ObjectType } from 'type-graphql';
import { badInput } from './errors';

export const MAX_PAGE = 1000;

@Directive('@shareable')
@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true })
  endCursor!: string | null;

  @Field()
  hasNextPage!: boolean;
}

/** Cursors are opaque to clients: the position they stand for, base64url-encoded. */
export const encodeCursor = (position: string) => Buffer.from(position, 'utf8').toString('base64url');

/** The position a cursor stands for; one that does not decode, or names no position of this list (`isPosition`), is refused. */
export function decodeCursor(cursor: string | null | undefined, isPosition: (position: string) => boolean = () => true): string | null {
  if (cursor === null || cursor === undefined) return null;
  const position = Buffer.from(cursor, 'base64url').toString('utf8');
  // no position the API gives out holds a control character: one that does would only reach the database as a fault
  if (!position || encodeCursor(position) !== cursor || /\p{Cc}/u.test(position) || !isPosition(position))
    throw badInput(`"${cursor.slice(0, 100)}" is not a cursor this API gave out`, { field: 'after' });
  return position;
}

/** A position in a log numbered by a PostgreSQL bigint sequence: digits, and no larger than a bigint holds. */
export const isSequencePosition = (p: string) => /^\d{1,19}$/.test(p) && BigInt(p) <= 9_223_372_036_854_775_807n;

export function pageSize(first: number | null | undefined, fallback = 100): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) throw badInput(`first must be between 1 and ${MAX_PAGE}`, { field: 'first' });
  return n;
}
