import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Config } from '../config';
import { demandControl } from '../gateway/demand';
import { edgeParseOptions, edgeProtection } from '../gateway/edge';
import type { Logger } from '../logger';
import { auditing, type AuditSink } from './plugins/auditing';
import { clientMistakes } from './plugins/client-mistakes';
import { errorLogging } from './plugins/error-logging';
import { formatError } from './plugins/format-error';
import { operationName } from './plugins/operation-name';
import { refusalStatus } from './plugins/refusal-status';
import { requestMetrics } from './plugins/request-metrics';

/** Apollo Server's options for the hub's edge (`edge`: limits on what a client may send) and for a subgraph. */
export function apolloOptions(config: Config, log: Logger, sink?: AuditSink, edge = false) {
  const production = config.NODE_ENV === 'production';
  const armor = edge ? edgeProtection(production) : { plugins: [], validationRules: [] };
  const demand = edge ? [demandControl(config.QUERY_COST_BUDGET)] : [];
  return {
    validationRules: armor.validationRules,
    parseOptions: edge ? edgeParseOptions : {},
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // the process stops the whole service on SIGTERM/SIGINT, in order (see main.ts)
    stopOnTerminationSignals: false,
    formatError: formatError(production),
    plugins: [
      ...armor.plugins,
      ...demand,
      clientMistakes,
      operationName,
      errorLogging(log),
      refusalStatus,
      ...(sink ? [auditing(sink, log)] : []),
      // no answer is cached (the HTTP front says no-store): Apollo's hints would wrap every field of an execution for nothing
      ApolloServerPluginCacheControlDisabled(),
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : []),
      // last: it measures the answer the others made
      requestMetrics,
    ],
  };
}
