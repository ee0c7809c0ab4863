import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { loadConfig, SUBGRAPH_NAMES, type SubgraphName } from '../config';
import { noGraph } from '../graph-client';
import { createLogger } from '../logger';
import { openSubgraphOrm } from '../db/orm';
import { SUBGRAPHS } from '../subgraphs';

/** Each subgraph's SDL, built from the code without a database. */
export async function subgraphSdls(): Promise<Record<SubgraphName, string>> {
  const sdls = {} as Record<SubgraphName, string>;
  const config = loadConfig({ NODE_ENV: 'test' });
  for (const name of SUBGRAPH_NAMES) {
    const orm = await openSubgraphOrm({ name, entities: SUBGRAPHS[name].entities, url: 'postgres://compose@127.0.0.1:1/none', poolMax: 1, connect: false });
    sdls[name] = (await SUBGRAPHS[name].build(orm, { config, graph: noGraph('composition does not execute'), log: createLogger('silent') })).sdl;
    await orm.close();
  }
  return sdls;
}

/** Composes the supergraph; the URL of each subgraph is where `start:subgraph` serves it by default. */
export function composeSupergraph(sdls: Record<SubgraphName, string>): string {
  const result = composeServices(
    SUBGRAPH_NAMES.map((name) => ({ name, url: `http://${name}:${defaultSubgraphPort(name)}/graphql`, typeDefs: parse(sdls[name]) })),
  );
  if (result.errors) throw new Error(`the subgraphs do not compose:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  return result.supergraphSdl;
}

export const defaultSubgraphPort = (name: SubgraphName) => 4001 + SUBGRAPH_NAMES.indexOf(name);
