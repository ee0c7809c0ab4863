import { ApolloArmor } from '@escape.tech/graphql-armor';

/**
 * Limits at the gateway, sized for the real queries with room to spare: the full merchant profile is 5 deep,
 * ~300 tokens and costs ~900; a dashboard page or a bank's batch (1,000 codes in variables) costs far less.
 */
export const EDGE_LIMITS = { depth: 12, aliases: 15, tokens: 3000, cost: 10_000, directives: 20 } as const;

export function edgeProtection(production: boolean) {
  return new ApolloArmor({
    maxDepth: { n: EDGE_LIMITS.depth, ignoreIntrospection: true },
    maxAliases: { n: EDGE_LIMITS.aliases },
    // counted by graphql-js's own parser (see edgeParseOptions): armor's count throws from a plugin hook, a 500
    maxTokens: { enabled: false },
    costLimit: { maxCost: EDGE_LIMITS.cost, ignoreIntrospection: true },
    maxDirectives: { n: EDGE_LIMITS.directives },
    // no "did you mean …?" in production: it maps the schema for someone who may not read it
    blockFieldSuggestion: { enabled: production },
  }).protect();
}

/** The token limit, enforced while parsing: an over-long document is a GRAPHQL_PARSE_FAILED refusal (400). */
export const edgeParseOptions = { maxTokens: EDGE_LIMITS.tokens };
