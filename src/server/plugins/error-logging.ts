import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../../context';
import { isDatabaseAway } from '../../errors';
import type { Logger } from '../../logger';
import { EXPECTED } from './format-error';

/** Logs every unexpected error with its request id, so a masked error can be found in the logs. */
export function errorLogging(log: Logger): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const err of errors) {
            const code = err.extensions?.code;
            if (isDatabaseAway(err)) log.warn({ err: err.message, requestId: contextValue.requestId, operationName }, 'database unavailable');
            else if (!EXPECTED.has(code as string)) log.error({ err, requestId: contextValue.requestId, operationName }, 'unexpected error');
          }
        },
      };
    },
  };
}
