/*
 * The credit office in rooms, one way: a room imports only rooms before it in
 *   directory ← trust, rules ← decisions ← judgment ← evaluations ← approval-check, worklists ← feed, supervision, publicity
 * (.dependency-cruiser.cjs checks it).
 * directory holds the shared Merchant type, which the others extend. This file only composes the rooms: it
 * makes the stores, hands them to the resolvers and builds the schema.
 */
import { consentsThroughGraph } from '../../auth/consent';
import { AccessLog, AccessLogRecord } from '../../auth/access-log';
import { FactChangeLog, FactChangeRecord } from '../../events/fact-change';
import { buildFederatedSchema } from '../../federation';
import { Poller } from '../../poller';
import { workingCalendar, worklistReference } from '../../worklist';
import type { CycleEvaluations, Subgraph } from '../subgraph';
import { MerchantRecord } from './directory/entities';
import { DirectoryResolver, MerchantConnectionResolver, merchantReference } from './directory/resolver';
import { Directory } from './directory/store';
import { MeasureRecord, RulesChange, SchemeVersion } from './rules/entities';
import { RulesResolver } from './rules/resolver';
import { Rules, shipBuiltInRules } from './rules/store';
import { ObjectionRecord, RepairApplicationRecord } from './decisions/entities';
import { DecisionsResolver } from './decisions/resolver';
import { Decisions } from './decisions/store';
import { AssessmentResolver, JudgmentResolver } from './judgment/resolver';
import { EvaluationRecord, SnapshotRecord, SnapshotSummary, SnapshotTally } from './evaluations/entities';
import { EvaluationsResolver } from './evaluations/resolver';
import { Statistics } from './evaluations/statistics';
import { Evaluations } from './evaluations/store';
import { ApprovalCheckResolver } from './approval-check/resolver';
import { CreditChangeRecord, FeedCursor, FeedProblem, Standing, WebhookRecord } from './feed/entities';
import { FeedResolver } from './feed/resolver';
import { ChangeFeed } from './feed/store';
import { Webhooks } from './feed/webhooks';
import { WorklistNoticeRecord } from './worklists/entities';
import { WorklistsResolver } from './worklists/resolver';
import { Worklists } from './worklists/store';
import { ConsentRecord } from './trust/entities';
import { TrustResolver } from './trust/resolver';
import { Trust } from './trust/store';
import { InspectionDrawMember, InspectionDrawRecord } from './supervision/entities';
import { SupervisionResolver } from './supervision/resolver';
import { Supervision } from './supervision/store';
import { PublicityResolver } from './publicity/resolver';
import { creditPolicy } from './policy';

/** The credit office: the merchant directory and catalogue, and the judgment over the departments' facts. */
export const credit = {
  name: 'credit',
  policy: creditPolicy,
  entities: [
    MerchantRecord,
    SchemeVersion,
    MeasureRecord,
    RulesChange,
    ObjectionRecord,
    RepairApplicationRecord,
    EvaluationRecord,
    SnapshotRecord,
    SnapshotSummary,
    SnapshotTally,
    FactChangeRecord,
    FactChangeLog,
    FeedCursor,
    FeedProblem,
    Standing,
    CreditChangeRecord,
    WebhookRecord,
    WorklistNoticeRecord,
    ConsentRecord,
    AccessLogRecord,
    InspectionDrawRecord,
    InspectionDrawMember,
  ],
  async build(orm, { config, graph, log }) {
    const directory = new Directory(orm);
    const rules = new Rules(orm, config.CREDIT_SCHEME, config.RISK_SCHEME);
    const decisions = new Decisions(orm, graph);
    const evaluations = new Evaluations(orm, graph, rules);
    const feed = new ChangeFeed(orm, graph, consentsThroughGraph(graph), log);
    const worklists = new Worklists(orm, graph, consentsThroughGraph(graph), log, workingCalendar(config.WORKING_CALENDAR_FILE), {
      objectionDays: config.OBJECTION_ANSWER_DAYS,
      repairWorkingDays: config.REPAIR_DECISION_WORKING_DAYS,
    });
    const webhooks = new Webhooks(orm, log, { production: config.NODE_ENV === 'production', allowedHosts: config.WEBHOOK_HOSTS });
    const accessLog = new AccessLog(orm, 'credit');
    const schema = await buildFederatedSchema(
      'credit',
      creditPolicy,
      [
        new DirectoryResolver(directory, config.PUBLIC_URL ?? `http://localhost:${config.PORT}`, creditPolicy),
        new MerchantConnectionResolver(directory),
        new RulesResolver(rules),
        new DecisionsResolver(decisions, rules),
        new JudgmentResolver(rules, decisions, graph),
        new AssessmentResolver(),
        new EvaluationsResolver(evaluations, new Statistics(orm)),
        new ApprovalCheckResolver(graph),
        new FeedResolver(feed, webhooks),
        new WorklistsResolver(worklists),
        new TrustResolver(new Trust(orm), accessLog),
        new SupervisionResolver(new Supervision(orm), rules, directory),
        new PublicityResolver(directory, rules),
      ],
      { Merchant: { __resolveReference: merchantReference(directory) }, Worklist: worklistReference },
    );
    const every = config.CHANGE_FEED_INTERVAL_MS;
    return {
      ...schema,
      accessLog,
      workers: [
        new Poller('change feed', every, () => feed.runOnce(), log),
        new Poller('worklist notices', config.WORKLIST_INTERVAL_MS, () => worklists.notice(), log),
        new Poller('webhooks', every, () => webhooks.deliver(), log),
      ],
    };
  },
  services(orm, { config, graph }): { evaluations: CycleEvaluations } {
    return { evaluations: new Evaluations(orm, graph, new Rules(orm, config.CREDIT_SCHEME, config.RISK_SCHEME)) };
  },
  prepare: shipBuiltInRules,
} satisfies Subgraph;
