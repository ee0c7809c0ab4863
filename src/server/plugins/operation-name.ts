import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../../context';

/** The client's operation, for the access log: at a subgraph it came with the gateway's assertion instead. */
export const operationName: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operationName: name }) {
        if (contextValue.operation === undefined) contextValue.operation = name ?? null;
      },
    };
  },
};
