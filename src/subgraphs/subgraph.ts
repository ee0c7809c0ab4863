import type { EntityClass, MikroORM } from '@mikro-orm/postgresql';
import type { AccessLog } from '../auth/access-log';
import type { HubContext } from '../context';
import type { TypePolicy } from '../auth/policy';
import type { Config, SubgraphName } from '../config';
import type { DepartmentDemo } from '../demo/types';
import type { FederatedSchema } from '../federation';
import type { GraphClient } from '../graph-client';
import type { Logger } from '../logger';
import type { RecordManyResult, RecordOutcome, ValidEvent } from './department-kit/store';
import type { DerivedRecord, RecordWrite } from './department-kit/record-writes';

/** What a subgraph may use besides its own tables. */
export interface SubgraphEnv {
  config: Config;
  /** the whole graph, through the gateway */
  graph: GraphClient;
  log: Logger;
}

/** Work a subgraph does in the background while it serves (the credit change feed). */
export interface Worker {
  start(): void;
  stop(): Promise<void>;
}

/** A subgraph ready to serve: its schema, its trail of reads, its background work. */
export type BuiltSubgraph = FederatedSchema & {
  /** where the reads of its own fields are recorded */
  accessLog: AccessLog;
  workers?: Worker[];
};

/** A cycle's evaluation as the commands and the hub's start run it (the credit office). */
export interface CycleEvaluations {
  /** the cycle the scheme in force is in now, and the ones before it (`back` of them) */
  recentCycles(back: number): Promise<string[]>;
  /** judges every merchant and keeps the cycle's snapshots */
  run(cycle: string, ctx: HubContext, progress?: (done: number, total: number) => void): Promise<{ cycle: string; merchants: number; evaluatedAt: Date }>;
  /** how many merchants of the cycle have each grade */
  distribution(cycle: string): Promise<{ grade: string; count: number }[]>;
  /** (re)writes the cycle's summary tables from its snapshots */
  summarize(cycle: string): Promise<void>;
}

/** Where a bulk import writes a department's credit events. */
export interface EventImport {
  recordMany(events: readonly ValidEvent[], recordedBy: string): Promise<RecordManyResult>;
}

/** Where a bulk import writes one kind of a department's typed records. */
export interface RecordImport {
  readonly write: RecordWrite;
  recordMany(records: readonly DerivedRecord[], recordedBy: string): Promise<RecordOutcome[]>;
}

/** What the entry points (commands, the hub's start, the benchmark) ask of a subgraph's store without serving it. */
export interface Services {
  /** withdraws negative information past its retention; how many records */
  retention?(): Promise<number>;
  /** a department's credit events, for the import */
  events?: EventImport;
  /** a department's typed records, by the import's name of their kind */
  records?: Record<string, RecordImport>;
  /** the credit office's evaluations */
  evaluations?: CycleEvaluations;
}

/** What each subgraph folder exports from its index.ts, and all anything outside it may use. */
export interface Subgraph {
  name: SubgraphName;
  entities: EntityClass<unknown>[];
  /** its slice of the policy table: who may read each field of the types it serves */
  policy: Readonly<Record<string, TypePolicy>>;
  build(orm: MikroORM, env: SubgraphEnv): Promise<BuiltSubgraph>;
  services(orm: MikroORM, env: SubgraphEnv): Services;
  /** writes the reference data it ships (idempotent), after its migrations at start */
  prepare?(orm: MikroORM): Promise<void>;
  /** the typed records a department writes through the graph and the import */
  writes?: readonly RecordWrite[];
  /** how the demo city's facts of this department come about */
  demo?: DepartmentDemo;
}
