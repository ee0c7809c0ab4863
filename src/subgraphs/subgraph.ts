import type { EntityClass, MikroORM } from '@mikro-orm/postgresql';
import type { AccessLog } from '../auth/access-log';
import type { Config, SubgraphName } from '../config';
import type { DepartmentDemo } from '../demo/types';
import type { FederatedSchema } from '../federation';
import type { GraphClient } from '../graph-client';
import type { Logger } from '../logger';

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

/** What each subgraph folder exports: its tables, how to build its schema over them, its demo facts. */
export interface Subgraph {
  name: SubgraphName;
  entities: EntityClass<unknown>[];
  build(orm: MikroORM, env: SubgraphEnv): Promise<BuiltSubgraph>;
  /** writes the reference data it ships (idempotent), after its migrations at start */
  prepare?(orm: MikroORM): Promise<void>;
  /** how the demo city's facts of this department come about */
  demo?: DepartmentDemo;
}
