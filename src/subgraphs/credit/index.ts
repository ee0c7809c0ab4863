import { buildFederatedSchema } from '../../federation';
import type { HubContext } from '../../context';
import type { Subgraph } from '../subgraph';
import { Directory } from './directory';
import { MerchantRecord } from './directory.entity';
import { DirectoryResolver, MerchantConnectionResolver } from './resolvers';

/** The credit office: the merchant directory and the catalogue (the judgment joins here later). */
export const credit: Subgraph = {
  name: 'credit',
  entities: [MerchantRecord],
  build(orm) {
    const directory = new Directory(orm);
    return buildFederatedSchema([new DirectoryResolver(directory), new MerchantConnectionResolver(directory)], {
      Merchant: {
        __resolveReference: (ref: { uscc: string }, ctx: HubContext) => ctx.loaders.load(directory.byUscc, ref.uscc),
      },
    });
  },
};
