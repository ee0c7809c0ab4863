import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema, parse } from 'graphql';
import { buildSchema, createResolversMap, type ClassType, type NonEmptyArray } from 'type-graphql';
import type { Disclosure } from './auth/disclosure';
import { protect } from './auth/enforce';
import type { PolicyTable } from './auth/policy';
import { scalarsMap } from './scalars';

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])';

export interface FederatedSchema {
  /** with the policy table enforced: what the gateway executes */
  schema: GraphQLSchema;
  /** the same without it: for measuring what enforcement costs, never served */
  unprotected: GraphQLSchema;
  /** the subgraph's SDL as composition reads it */
  sdl: string;
}

/**
 * Builds a Federation 2 subgraph from type-graphql resolver instances (constructed by the subgraph with
 * what they need), plus the entities' reference resolvers, guarded by the subgraph's slice of the policy table
 * and the disclosure rules of its own record types.
 */
export async function buildFederatedSchema(
  subgraph: string,
  policy: PolicyTable,
  resolvers: NonEmptyArray<object>,
  referenceResolvers: GraphQLResolverMap<unknown> = {},
  orphanedTypes: ClassType[] = [],
  disclosure: Disclosure = {},
): Promise<FederatedSchema> {
  const typeGraphqlSchema = await buildSchema({
    resolvers: resolvers.map((r) => r.constructor) as unknown as NonEmptyArray<ClassType>,
    container: { get: (cls) => resolvers.find((r) => r.constructor === cls) },
    orphanedTypes,
    scalarsMap,
    skipCheck: true,
    validate: false,
  });
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(typeGraphqlSchema)}`;
  // merge the schema's resolvers with the reference resolvers
  const resolverMap = createResolversMap(typeGraphqlSchema) as GraphQLResolverMap<unknown>;
  for (const [type, fields] of Object.entries(referenceResolvers)) {
    resolverMap[type] = { ...(resolverMap[type] as object), ...(fields as object) } as GraphQLResolverMap<unknown>[string];
  }
  // the policy table, enforced on every field; composition reads the SDL, which the policy does not change
  const unprotected = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolverMap }]);
  return { schema: protect(unprotected, subgraph, policy, disclosure), unprotected, sdl };
}
