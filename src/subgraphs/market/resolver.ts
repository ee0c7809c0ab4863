import { Arg, Mutation, Resolver } from 'type-graphql';
import { MarketListEntry } from './entities';
import type { MarketListings } from './store';

@Resolver(() => MarketListEntry)
export class MarketListingResolver {
  constructor(private readonly listings: MarketListings) {}

  @Mutation(() => MarketListEntry, {
    description: 'takes a merchant off a list: the listing ends, and with it what it implies; the same removal again returns the entry',
  })
  removeMarketListing(
    @Arg('sourceRecordId', { description: "the listing's record id" }) sourceRecordId: string,
    @Arg('removedAt') removedAt: Date,
  ): Promise<MarketListEntry> {
    return this.listings.remove(sourceRecordId, removedAt);
  }
}
