import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../../context';

/** Refusals a subgraph answered with a status of their own keep it at the gateway (a client over its limit gets its 429). */
export const refusalStatus: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        if (errors?.some((e) => e.extensions?.code === 'RATE_LIMITED') && (response.http.status ?? 200) === 200) response.http.status = 429;
      },
    };
  },
};
