import type { ApolloServerPlugin } from '@apollo/server';
import type { AccessLog } from '../../auth/access-log';
import type { SubgraphName } from '../../config';
import type { HubContext } from '../../context';
import { unavailable } from '../../errors';
import type { Logger } from '../../logger';

/** Where a request's trail of reads is written: each subgraph's part into that subgraph's own access log. */
export type AuditSink = (ctx: HubContext) => Promise<void>;

export function accessLogSink(logs: Partial<Record<SubgraphName, AccessLog>>): AuditSink {
  return async (ctx) => {
    const entries = ctx.audit.entries();
    const names = [...new Set(entries.map((e) => e.subgraph as SubgraphName))];
    await Promise.all(
      names.map((name) =>
        logs[name]!.record(
          entries.filter((e) => e.subgraph === name),
          ctx,
        ),
      ),
    );
  };
}

/**
 * Writes the request's trail of reads of non-public data once, at the end. If it cannot be written, the answer
 * is withheld: no look at someone's credit goes unrecorded.
 */
export function auditing(sink: AuditSink, log: Logger): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (!contextValue.audit.size) return;
          try {
            await sink(contextValue);
          } catch (err) {
            log.error({ err, requestId: contextValue.requestId }, 'access log not written; answer withheld');
            const withheld = unavailable('the access could not be recorded, so nothing is shown; try again');
            response.body = { kind: 'single', singleResult: { errors: [{ message: withheld.message, extensions: withheld.extensions }] } };
          }
        },
      };
    },
  };
}
