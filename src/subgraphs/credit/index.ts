import type { HubContext } from '../../context';
import { buildFederatedSchema } from '../../federation';
import type { Subgraph } from '../subgraph';
import { Decisions } from './decisions';
import { Directory } from './directory';
import { MerchantRecord } from './directory.entity';
import { Evaluations } from './evaluations';
import { EvaluationRecord, MeasureRecord, ObjectionRecord, RepairApplicationRecord, SchemeVersion, SnapshotRecord } from './judgment.entities';
import { AssessmentResolver, CreditResolver } from './judgment.resolvers';
import { DirectoryResolver, MerchantConnectionResolver } from './resolvers';
import { Rules, shipBuiltInRules } from './rules';
import { Trust } from './trust';
import { AccessLogRecord, ConsentRecord } from './trust.entities';
import { TrustResolver } from './trust.resolvers';

/** The credit office: the merchant directory and catalogue, and the judgment over the departments' facts. */
export const credit: Subgraph = {
  name: 'credit',
  entities: [MerchantRecord, SchemeVersion, MeasureRecord, ObjectionRecord, RepairApplicationRecord, EvaluationRecord, SnapshotRecord, ConsentRecord, AccessLogRecord],
  build(orm, { config, graph }) {
    const directory = new Directory(orm);
    const rules = new Rules(orm, config.CREDIT_SCHEME, config.RISK_SCHEME);
    const decisions = new Decisions(orm, graph);
    const evaluations = new Evaluations(orm, graph, rules, config.CREDIT_SCHEME);
    return buildFederatedSchema(
      [
        new DirectoryResolver(directory),
        new MerchantConnectionResolver(directory),
        new CreditResolver(rules, decisions, evaluations, graph),
        new AssessmentResolver(),
        new TrustResolver(new Trust(orm), directory),
      ],
      {
        Merchant: {
          // the representation carries the departments' facts when the judgment was asked for
          __resolveReference: async (ref: { uscc: string }, ctx: HubContext) => {
            const merchant = await ctx.loaders.load(directory.byUscc, ref.uscc);
            return merchant && { ...merchant, ...ref };
          },
        },
      },
    );
  },
  prepare: shipBuiltInRules,
};
