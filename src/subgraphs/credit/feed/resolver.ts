import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../../context';
import { WebhookRecord } from './entities';
import type { ChangeFeed } from './store';
import { CreditChangeConnection, WebhookRegistration } from './types';
import type { Webhooks } from './webhooks';

/** The credit change feed, read in order or pushed to the departments' webhooks. */
@Resolver()
export class FeedResolver {
  constructor(
    private readonly feed: ChangeFeed,
    private readonly pushes: Webhooks,
  ) {}

  @Query(() => CreditChangeConnection, { description: "changes of merchants' grades and measures, in order, after a cursor; since null reads from the start" })
  creditChanges(
    @Arg('since', () => String, { nullable: true }) since: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
  ): Promise<CreditChangeConnection> {
    return this.feed.page(since, first);
  }

  @Mutation(() => WebhookRegistration, { description: 'a department asks to be pushed every credit change from now on, signed with the returned secret' })
  registerWebhook(@Arg('url') url: string, @Ctx() ctx: HubContext): Promise<WebhookRegistration> {
    return this.pushes.register(url, ctx.principal);
  }

  @Mutation(() => WebhookRecord, { description: 'stops pushing to a webhook' })
  removeWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<WebhookRecord> {
    return this.pushes.remove(id, ctx.principal);
  }

  @Query(() => [WebhookRecord], { description: "the department's webhooks and how their deliveries stand" })
  webhooks(@Ctx() ctx: HubContext): Promise<WebhookRecord[]> {
    return this.pushes.list(ctx.principal);
  }
}
