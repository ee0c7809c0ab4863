import { Entity, type MikroORM, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { CreditCode } from '../scalars';
import { timestamp } from '../db/timestamp';
import { badInput } from '../errors';
import { isSequencePosition, PageInfo } from '../pagination';

/**
 * A department's fact-change log (an outbox): one row per credit event recorded or ended, written in the same statement as
 * the fact, read by the credit office in order. The sequence is the cursor: no gaps are skipped, none repeated.
 */
@Entity({ abstract: true })
export abstract class FactChangeRecord {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  seq!: string;

  @Property({ length: 18 })
  uscc!: string;

  @Property({ type: 'uuid' })
  eventId!: string;

  @Property({ length: 40 })
  code!: string;

  /** what happened to the event: recorded, or ended before its time (a listing removed, a broken promise kept late) */
  @Property({ length: 8, default: 'RECORDED' })
  change!: FactChangeKind;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  at!: Date;
}

export type FactChangeKind = 'RECORDED' | 'ENDED';

@Entity({ tableName: 'fact_change' })
export class FactChangeLog extends FactChangeRecord {}

@Directive('@shareable')
@ObjectType({ description: "One new fact in a department's log, in the order it was written." })
export class FactChange {
  @Field(() => ID, { description: 'its place in the log' })
  seq!: string;

  @Field(() => CreditCode)
  uscc!: string;

  @Field(() => ID)
  eventId!: string;

  @Field()
  code!: string;

  @Field({ description: 'RECORDED: the event was written; ENDED: it was ended before its time' })
  change!: string;

  @Field()
  at!: Date;
}

@Directive('@shareable')
@ObjectType()
export class FactChangeConnection {
  @Field(() => [FactChange])
  nodes!: FactChange[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

/** The statement that logs the events a CTE named `inserted` just wrote (it must return id, uscc, code). */
export const logInserted = (schema: string) => `insert into "${schema}"."fact_change" (uscc, event_id, code) select uscc, id, code from inserted`;

/** The statement that logs the events a CTE named `ended` just ended (it must return id, uscc, code). */
export const logEnded = (schema: string) => `insert into "${schema}"."fact_change" (uscc, event_id, code, change) select uscc, id, code, 'ENDED' from ended`;

/** Reads a department's log after a position, in order. */
export class FactChangeFeed {
  constructor(
    private readonly orm: MikroORM,
    private readonly schema: string,
  ) {}

  async read(after: string | null, first: number): Promise<FactChangeConnection> {
    if (after !== null && !isSequencePosition(after)) throw badInput(`"${after}" is not a position of this log`, { field: 'after' });
    const rows = await this.orm.em
      .getConnection()
      .execute<{ seq: string; uscc: string; event_id: string; code: string; change: string; at: Date | string }[]>(
        `select seq, uscc, event_id, code, change, at from "${this.schema}"."fact_change" where seq > ? order by seq limit ?`,
        [after ?? '0', first + 1],
      );
    const nodes = rows
      .slice(0, first)
      .map((r) => ({ seq: String(r.seq), uscc: r.uscc, eventId: r.event_id, code: r.code, change: r.change, at: timestamp(r.at) }));
    return { nodes, pageInfo: { endCursor: nodes.at(-1)?.seq ?? after, hasNextPage: rows.length > first } };
  }
}
