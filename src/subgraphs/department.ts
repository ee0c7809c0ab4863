import type { EntityClass, MikroORM } from '@mikro-orm/postgresql';
import { Ctx, Directive, FieldResolver, Resolver, Root, type ClassType } from 'type-graphql';
import { AccessLog, AccessLogEntry, AccessLogRecord } from '../auth/access-log';
import { decide } from '../auth/enforce';
import { POLICY, type FieldRule } from '../auth/policy';
import type { HubContext } from '../context';
import type { Department } from '../catalogue/types';
import type { DepartmentDemo } from '../demo/types';
import { FactChangeFeed, FactChangeLog, FactChangeRecord } from '../events/fact-change';
import { CreditEventRecord } from '../events/record.entity';
import { creditEventResolver } from '../events/resolver';
import { CreditEventStore } from '../events/store';
import { buildFederatedSchema } from '../federation';
import { DepartmentRecord } from './department-record';
import type { Subgraph, SubgraphEnv } from './subgraph';

export interface DepartmentSubgraph {
  name: Department;
  /** the department's credit-event table */
  events: EntityClass<CreditEventRecord>;
  /** its own records (penalties, permits, …) */
  records: EntityClass<unknown>[];
  /** its view of the Merchant entity, which its resolvers extend */
  merchant: ClassType<{ uscc: string }>;
  /** the resolvers of its own records and workflows */
  resolvers(orm: MikroORM, env: SubgraphEnv): object[];
  demo: DepartmentDemo;
}

/** A department's subgraph: the standard credit events beside the department's own records on Merchant. */
export function departmentSubgraph(d: DepartmentSubgraph): Subgraph {
  return {
    name: d.name,
    entities: [CreditEventRecord, DepartmentRecord, FactChangeRecord, FactChangeLog, AccessLogRecord, d.events, ...d.records],
    async build(orm, env) {
      const EventResolver = creditEventResolver(d.merchant, new CreditEventStore(orm, d.events, d.name), new FactChangeFeed(orm, d.name));
      const accessLog = new AccessLog(orm, d.name);
      const AccessLogResolver = departmentAccessLog(d.merchant, accessLog, d.name);
      const schema = await buildFederatedSchema(
        d.name,
        [new EventResolver(), new AccessLogResolver(), ...d.resolvers(orm, env)],
        // a department answers for any merchant the graph names: unknown ones simply have no records
        { Merchant: { __resolveReference: (ref: { uscc: string }) => ({ uscc: ref.uscc }) } },
        // no query here returns a Merchant, so the schema keeps the entity only when it is named
        [d.merchant],
      );
      return { ...schema, accessLog };
    },
    demo: d.demo,
  };
}

/** `Merchant.<dept>AccessLog`: the department's trail of reads of a merchant, which the credit office merges into `accessLog`. */
function departmentAccessLog(merchant: ClassType<{ uscc: string }>, log: AccessLog, d: Department) {
  @Resolver(() => merchant)
  class DepartmentAccessLogResolver {
    @Directive('@inaccessible')
    @FieldResolver(() => [AccessLogEntry], { name: `${d}AccessLog`, nullable: true, description: `the ${d} department's record of who read this merchant's data, for the merged access log` })
    async accessLog(@Root() m: { uscc: string }, @Ctx() ctx: HubContext): Promise<AccessLogEntry[]> {
      // handed over (before the credit office's policy runs) only for a reader the policy table lets read the merged log
      const may = await decide(ctx, (POLICY.Merchant as Record<string, FieldRule>).accessLog!, m, 'Merchant.accessLog', false);
      return 'access' in may ? ctx.loaders.load(log.latestOf, m.uscc) : [];
    }
  }
  return DepartmentAccessLogResolver;
}
