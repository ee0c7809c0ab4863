import type { HubContext } from '../../context';
import { buildFederatedSchema } from '../../federation';
import { Poller } from '../../poller';
import { DEPARTMENTS } from '../../catalogue/types';
import type { Subgraph } from '../subgraph';
import { Decisions } from './decisions';
import { Directory } from './directory';
import { MerchantRecord } from './directory.entity';
import { Evaluations } from './evaluations';
import {
  EvaluationRecord,
  MeasureRecord,
  ObjectionRecord,
  RepairApplicationRecord,
  SchemeVersion,
  SnapshotRecord,
  SnapshotSummary,
  SnapshotTally,
} from './judgment.entities';
import { AssessmentResolver, CreditResolver } from './judgment.resolvers';
import { DirectoryResolver, MerchantConnectionResolver } from './resolvers';
import { Rules, shipBuiltInRules } from './rules';
import { consentsThroughGraph } from '../../auth/consent';
import { FactChangeLog, FactChangeRecord } from '../../events/fact-change';
import { ChangeFeed } from './change-feed';
import { ChangeFeedResolver } from './change-feed.resolver';
import { ClientQueriesResolver } from './dashboard.resolvers';
import { Statistics } from './statistics';
import { CreditChangeRecord, FeedCursor, FeedProblem, Standing } from './feed.entities';
import { Trust } from './trust';
import { WebhookRecord, Webhooks } from './webhooks';
import { ConsentRecord } from './trust.entities';
import { AccessLog, AccessLogRecord } from '../../auth/access-log';
import { TrustResolver } from './trust.resolvers';
import { creditPolicy } from './policy';

/** The fields of a representation the credit office's @requires ask for: the departments' facts and trails. */
const REQUIRED = DEPARTMENTS.flatMap((d) => [`${d}Facts`, `${d}AccessLog`]);
const required = (ref: Record<string, unknown>) => Object.fromEntries(REQUIRED.filter((f) => f in ref).map((f) => [f, ref[f]]));

/** The credit office: the merchant directory and catalogue, and the judgment over the departments' facts. */
export const credit: Subgraph = {
  name: 'credit',
  entities: [
    MerchantRecord, SchemeVersion, MeasureRecord, ObjectionRecord, RepairApplicationRecord, EvaluationRecord, SnapshotRecord, ConsentRecord, AccessLogRecord,
    FactChangeRecord, FactChangeLog, FeedCursor, FeedProblem, Standing, CreditChangeRecord, WebhookRecord, SnapshotSummary, SnapshotTally,
  ],
  async build(orm, { config, graph, log }) {
    const directory = new Directory(orm);
    const rules = new Rules(orm, config.CREDIT_SCHEME, config.RISK_SCHEME);
    const decisions = new Decisions(orm, graph);
    const evaluations = new Evaluations(orm, graph, rules, config.CREDIT_SCHEME);
    const feed = new ChangeFeed(orm, graph, consentsThroughGraph(graph), log);
    const webhooks = new Webhooks(orm, log, { production: config.NODE_ENV === 'production', allowedHosts: config.WEBHOOK_HOSTS });
    const accessLog = new AccessLog(orm, 'credit');
    const schema = await buildFederatedSchema(
      'credit',
      creditPolicy,
      [
        new DirectoryResolver(directory),
        new MerchantConnectionResolver(directory),
        new CreditResolver(rules, decisions, evaluations, graph),
        new AssessmentResolver(),
        new TrustResolver(new Trust(orm), accessLog, directory),
        new ChangeFeedResolver(feed, webhooks),
        new ClientQueriesResolver(graph, new Statistics(orm), config.PUBLIC_URL ?? `http://localhost:${config.PORT}`),
      ],
      {
        Merchant: {
          // the representation carries the departments' facts when the judgment was asked for
          // only the key and what a @requires handed over are taken from a representation: the directory says the rest
          __resolveReference: async (ref: Record<string, unknown> & { uscc: string }, ctx: HubContext) => {
            const merchant = await ctx.loaders.load(directory.byUscc, ref.uscc);
            return merchant && { ...merchant, ...required(ref) };
          },
        },
      },
    );
    const every = config.CHANGE_FEED_INTERVAL_MS;
    return { ...schema, accessLog, workers: [new Poller('change feed', every, () => feed.runOnce(), log), new Poller('webhooks', every, () => webhooks.deliver(), log)] };
  },
  prepare: shipBuiltInRules,
};
