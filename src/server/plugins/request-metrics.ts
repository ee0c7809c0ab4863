import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../../context';
import { reportRefusal, reportRequest } from '../../telemetry/metrics';
import { nameRequestSpan, noteErrorCodes } from '../../telemetry/spans';

const codeOf = (e: { extensions?: Record<string, unknown> }) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR');

/**
 * Measures each request by its operation (latency, outcome, the codes of the errors its answer carries, as the
 * client sees them) and names its trace span after the operation. Last of the plugins: it sees the final answer.
 */
export const requestMetrics: ApolloServerPlugin<HubContext> = {
  // refused before it ran: a token that does not verify, a gateway assertion that does not hold
  async contextCreationDidFail({ error }) {
    reportRefusal(codeOf(error as { extensions?: Record<string, unknown> }));
  },
  async requestDidStart() {
    const started = performance.now();
    return {
      async didResolveOperation({ operationName, operation }) {
        nameRequestSpan(operationName ?? null, operation?.operation ?? null);
      },
      async willSendResponse({ response, operationName, operation, contextValue }) {
        const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
        const codes = (result?.errors ?? []).map(codeOf);
        reportRequest({
          // a document that did not parse or validate has no operation to name; an anonymous caller's names are its
          // own choice, which would crowd out the real operations' series: they are counted together
          operation: !operation ? '(not resolved)' : contextValue.principal.roles.length ? (operationName ?? null) : '(public)',
          type: operation?.operation ?? null,
          seconds: (performance.now() - started) / 1000,
          data: result?.data !== undefined && result.data !== null,
          codes,
        });
        noteErrorCodes(codes);
      },
    };
  },
};
