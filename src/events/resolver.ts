import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, type ClassType } from 'type-graphql';
import { judgesCopy } from '../auth/enforce';
import { hasRole } from '../auth/principal';
import type { HubContext } from '../context';
import { recordMutation } from '../catalogue/types';
import { pageSize } from '../pagination';
import { FactChangeConnection, type FactChangeFeed } from './fact-change';
import type { CreditEventStore } from './store';
import { CreditEvent, CreditEventStatus, RecordEventInput } from './types';



/**
 * The standard part of every department subgraph: `Merchant.<dept>Events`, `Query.<dept>Event(id)` and
 * `Mutation.record<Dept>Event(input)`, over that department's own event table.
 */
export function creditEventResolver(merchant: ClassType<{ uscc: string }>, store: CreditEventStore, feed: FactChangeFeed) {
  const d = store.department;

  @Resolver(() => merchant)
  class DepartmentCreditEventResolver {
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
