import type { EntityClass, MikroORM } from '@mikro-orm/postgresql';
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, type ClassType } from 'type-graphql';
import { AccessLogEntry, type AccessLog } from '../../auth/access-log';
import { decide, judgesCopy } from '../../auth/enforce';
import { accessLogReaders } from '../../auth/policy';
import { hasRole } from '../../auth/principal';
import { recordMutation, type Department } from '../../catalogue/types';
import type { HubContext } from '../../context';
import { byMerchant } from '../../db/batch';
import { FactChangeConnection, type FactChangeFeed } from '../../events/fact-change';
import { CreditEvent, RecordEventInput } from '../../events/types';
import { badInput } from '../../errors';
import { pageSize } from '../../pagination';
import { CreditEventStatus } from '../../vocabulary';
import type { DepartmentRecord, RecordKind } from './entities';
import { checked } from './record-writes';
import type { CreditEventStore, TypedRecordStore } from './store';
import { DISCLOSURE_REQUIRES, type DepartmentMerchant } from './types';

type Merchant = ClassType<DepartmentMerchant>;

/** `Merchant.<list>`: a department's records of one kind about the merchant, newest first. */
export function recordListResolver(merchant: Merchant, kind: RecordKind) {
  @Resolver(() => merchant)
  class RecordListResolver {
    private readonly recordsOf;

    constructor(orm: MikroORM) {
      // the kind was checked when declared: its ordering column is one of its entity's
      this.recordsOf = byMerchant(orm, kind.entity as EntityClass<DepartmentRecord & Record<string, unknown>>, kind.newestFirst);
    }

    // the method bears the field's name: type-graphql finds a field's resolver by it
    @Directive(DISCLOSURE_REQUIRES)
    @FieldResolver(() => [kind.entity], { nullable: true, description: kind.description })
    [kind.list](@Root() m: { uscc: string }, @Ctx() ctx: HubContext) {
      return ctx.loaders.load(this.recordsOf, m.uscc);
    }
  }
  return RecordListResolver;
}

/**
 * The standard part of every department subgraph: `Merchant.<dept>Events`, `Query.<dept>Event(id)` and
 * `Mutation.record<Dept>Event(input)`, over that department's own event table.
 */
export function creditEventResolver(merchant: Merchant, store: CreditEventStore, feed: FactChangeFeed) {
  const d = store.department;

  @Resolver(() => merchant)
  class DepartmentCreditEventResolver {
    @Directive(DISCLOSURE_REQUIRES)
    @FieldResolver(() => [CreditEvent], { name: `${d}Events`, nullable: true, description: `the ${d} department's credit events, newest first` })
    async events(@Root() m: { uscc: string }, @Ctx() ctx: HubContext): Promise<CreditEvent[]> {
      const events = await ctx.loaders.load(store.byMerchant, m.uscc);
      // information past its retention is gone from every view but the administrators'
      return hasRole(ctx.principal, 'admin') ? events : events.filter((e) => e.status !== CreditEventStatus.EXPIRED);
    }

    /** the same events for the credit office's judgment; @inaccessible: the gateway fetches it, clients cannot */
    @Directive('@inaccessible')
    // nullable: facts that cannot be read are null, which the judge refuses, rather than nulling the merchant
    @FieldResolver(() => [CreditEvent], { name: `${d}Facts`, nullable: true, description: `every ${d} credit event, for the credit judgment inside the graph` })
    async facts(@Root() m: { uscc: string }, @Ctx() ctx: HubContext): Promise<CreditEvent[]> {
      return judgesCopy(await ctx.loaders.load(store.byMerchant, m.uscc));
    }

    @Query(() => FactChangeConnection, { name: `${d}Changes`, description: `the ${d} department's new facts in the order written, after a position` })
    changes(
      @Arg('after', () => String, { nullable: true }) after: string | null,
      @Arg('first', () => Int, { nullable: true, defaultValue: 500 }) first: number,
    ): Promise<FactChangeConnection> {
      return feed.read(after, pageSize(first, 500));
    }

    @Query(() => CreditEvent, { name: `${d}Event`, nullable: true, description: `one ${d} credit event by id` })
    event(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<CreditEvent | null> {
      return ctx.loaders.load(store.byId, id);
    }

    @Mutation(() => CreditEvent, {
      name: recordMutation(d),
      description: `records a ${d} credit event; the same sourceRecordId again returns the stored event`,
    })
    record(@Arg('input') input: RecordEventInput, @Ctx() ctx: HubContext): Promise<CreditEvent> {
      return store.record(input, ctx.principal.subject);
    }
  }
  return DepartmentCreditEventResolver;
}

/** `Merchant.<dept>AccessLog`: the department's trail of reads of a merchant, which the credit office merges into `accessLog`. */
export function accessLogResolver(merchant: Merchant, log: AccessLog, d: Department) {
  @Resolver(() => merchant)
  class DepartmentAccessLogResolver {
    @Directive('@inaccessible')
    @FieldResolver(() => [AccessLogEntry], {
      name: `${d}AccessLog`,
      nullable: true,
      description: `the ${d} department's record of who read this merchant's data, for the merged access log`,
    })
    async accessLog(@Root() m: { uscc: string }, @Ctx() ctx: HubContext): Promise<AccessLogEntry[]> {
      // handed over (before the credit office's policy runs) only to a reader who may read the merged log
      const may = await decide(ctx, accessLogReaders, m, 'Merchant.accessLog', false);
      return 'access' in may ? ctx.loaders.load(log.latestOf, m.uscc) : [];
    }
  }
  return DepartmentAccessLogResolver;
}

/** Whether the directory holds a merchant, asked of the graph: a department never reads the credit office's tables. */
export type DirectoryCheck = (uscc: string, ctx: HubContext) => Promise<boolean>;

/** `Mutation.<write.mutation>`: a department records one of its typed records, and the credit event it implies. */
export function recordWriteResolver(store: TypedRecordStore, inDirectory: DirectoryCheck) {
  const { write } = store;

  @Resolver()
  class RecordWriteResolver {
    @Mutation(() => write.entity, { name: write.mutation, description: write.description })
    async record(@Arg('input', () => write.input) input: object, @Ctx() ctx: HubContext): Promise<DepartmentRecord> {
      const record = checked(() => write.derive(input, Date.now()));
      if (!(await inDirectory(record.uscc, ctx))) {
        throw badInput(`credit code ${record.uscc} is not in the merchant directory: register the merchant first`, { field: 'uscc' });
      }
      return store.record(record, ctx.principal.subject);
    }
  }
  return RecordWriteResolver;
}
