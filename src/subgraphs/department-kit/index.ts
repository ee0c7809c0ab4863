import type { MikroORM } from '@mikro-orm/postgresql';
import { PUBLIC } from '../../auth/principal';
import type { ClassType } from 'type-graphql';
import { AccessLog, AccessLogRecord } from '../../auth/access-log';
import type { Disclosure } from '../../auth/disclosure';
import { mergePolicies, type PolicyTable } from '../../auth/policy';
import type { Department } from '../../catalogue/types';
import { requestContext } from '../../context';
import type { DepartmentDemo } from '../../demo/types';
import { FactChangeFeed, FactChangeLog, FactChangeRecord } from '../../events/fact-change';
import { buildFederatedSchema } from '../../federation';
import { worklistReference, worklistType, type Worklist } from '../../worklist';
import type { Subgraph, SubgraphEnv, Worker } from '../subgraph';
import { CreditEventRecord, DepartmentRecord, type RecordKind } from './entities';
import { departmentPolicy } from './policy';
import type { RecordWrite } from './record-writes';
import { accessLogResolver, creditEventResolver, recordListResolver, recordWriteResolver, type DirectoryCheck } from './resolver';
import { CreditEventStore, expireNegativeInformation, TypedRecordStore } from './store';
import { departmentMerchant, type DepartmentMerchant } from './types';

export { DepartmentRecord, recordKind, type RecordKind } from './entities';
export { isUniqueViolation, validateEvent, type ValidEvent } from './store';
export { check, checked, deriveRecord, must, recordWrite, type ColumnType, type DerivedRecord, type RecordWrite } from './record-writes';

const IN_DIRECTORY = 'query InDirectory($uscc: CreditCode!) { merchant(uscc: $uscc) { uscc } }';

/** What a department declares; the kit makes the rest of its subgraph. */
export interface DepartmentDefinition {
  name: Department;
  /** the kinds of records it keeps, each a list on Merchant */
  records: readonly RecordKind[];
  /** its slice of the policy table: its records and workflows (the kit adds its credit events') */
  policy: PolicyTable;
  /** the typed records it writes through the graph and the import, each with the credit event it implies */
  writes?: readonly RecordWrite[];
  /** which of its records the public may see, by record type */
  disclosure?: Disclosure;
  /** the resolvers of its workflows */
  workflows?(orm: MikroORM, env: SubgraphEnv): object[];
  /** its part of the worklists: the resolver of the list it adds to the Worklist the kit makes */
  worklist?(orm: MikroORM, env: SubgraphEnv, worklist: ClassType<Worklist>): object;
  /** its background work (it runs in every replica: each round must be safe to run in several at once) */
  workers?(orm: MikroORM, env: SubgraphEnv): Worker[];
  demo: DepartmentDemo;
}

/** A department's subgraph: the standard credit events beside the department's own records on Merchant. */
export function departmentSubgraph(d: DepartmentDefinition): Subgraph {
  const writes = d.writes ?? [];
  const policy = mergePolicies([departmentPolicy(d.name, writes), d.policy]);
  return {
    name: d.name,
    entities: [CreditEventRecord, DepartmentRecord, FactChangeRecord, FactChangeLog, AccessLogRecord, ...d.records.map((r) => r.entity)],
    policy,
    async build(orm, env) {
      const merchant = departmentMerchant();
      // the schema lists the Merchant fields in the order their resolvers are made: the records first
      const RecordLists = d.records.map((r) => recordListResolver(merchant, r));
      const EventResolver = creditEventResolver(merchant, new CreditEventStore(orm, d.name), new FactChangeFeed(orm, d.name));
      const accessLog = new AccessLog(orm, d.name);
      // asked as the public: whether a code is registered is public
      const inDirectory: DirectoryCheck = async (uscc, ctx) =>
        Boolean(
          (await env.graph.request<{ merchant: unknown }>(IN_DIRECTORY, { uscc }, requestContext(PUBLIC, ctx.requestId, ctx.log, ctx.consents))).merchant,
        );
      const Writes = writes.map((w) => recordWriteResolver(new TypedRecordStore(orm, d.name, w), inDirectory));
      const AccessLogResolver = accessLogResolver(merchant, accessLog, d.name);
      const worklist = d.worklist && worklistType();
      const schema = await buildFederatedSchema(
        d.name,
        policy,
        [
          new EventResolver(),
          new AccessLogResolver(),
          ...RecordLists.map((R) => new R(orm)),
          ...Writes.map((W) => new W()),
          ...(d.workflows?.(orm, env) ?? []),
          ...(worklist ? [d.worklist!(orm, env, worklist)] : []),
        ],
        // a department answers for any merchant the graph names (unknown ones simply have no records), with the decisions its lists require
        {
          Merchant: { __resolveReference: (ref: DepartmentMerchant) => ({ uscc: ref.uscc, withdrawnRecords: ref.withdrawnRecords }) },
          ...(worklist && { Worklist: worklistReference }),
        },
        // no query here returns a Merchant (or a Worklist), so the schema keeps the entities only when named
        worklist ? [merchant, worklist] : [merchant],
        d.disclosure,
      );
      return { ...schema, accessLog, workers: d.workers?.(orm, env) };
    },
    services: (orm) => ({
      retention: () => expireNegativeInformation(orm, d.name),
      events: new CreditEventStore(orm, d.name),
      records: Object.fromEntries(writes.map((w) => [w.kind, new TypedRecordStore(orm, d.name, w)])),
    }),
    writes,
    demo: d.demo,
  };
}
