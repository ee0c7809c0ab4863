import type { EntityClass, MikroORM } from '@mikro-orm/postgresql';
import type { SubgraphName } from '../config';
import type { DepartmentDemo } from '../demo/types';
import type { FederatedSchema } from '../federation';

/** What each subgraph folder exports: its tables, how to build its schema over them, its demo facts. */
export interface Subgraph {
  name: SubgraphName;
  entities: EntityClass<unknown>[];
  build(orm: MikroORM): Promise<FederatedSchema>;
  /** how the demo city's facts of this department come about */
  demo?: DepartmentDemo;
}
