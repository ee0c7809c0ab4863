import { ApolloArmor } from '@escape.tech/graphql-armor';

/**
 * Limits of a document's shape at the gateway, sized for the real queries with room to spare: the full merchant
 * profile is 5 deep and ~300 tokens. What a request may cost is `DEMAND` (demand.ts), which reads variables too.
 */
export const EDGE_LIMITS = { depth: 12, aliases: 15, tokens: 3000, directives: 20 } as const;

export function edgeProtection(production: boolean) {
  return new ApolloArmor({
    maxDepth: { n: EDGE_LIMITS.depth, ignoreIntrospection: true },
    maxAliases: { n: EDGE_LIMITS.aliases },
    // counted by graphql-js's own parser (see edgeParseOptions): armor's count throws from a plugin hook, a 500
    maxTokens: { enabled: false },
    // armor's cost limit multiplies only literal `first`s: a variable goes around it; demandControl counts both
    costLimit: { enabled: false },
    maxDirectives: { n: EDGE_LIMITS.directives },
    // no "did you mean …?" in production: it maps the schema for someone who may not read it
    blockFieldSuggestion: { enabled: production },
  }).protect();
}

/** The token limit, enforced while parsing: an over-long document is a GRAPHQL_PARSE_FAILED refusal (400). */
export const edgeParseOptions = { maxTokens: EDGE_LIMITS.tokens };
