import type { ApolloServerPlugin } from '@apollo/server';
import { getNamedType, getNullableType, getVariableValues, GraphQLError, isListType, isObjectType, Kind, type OperationDefinitionNode } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { LRUCache } from 'lru-cache';
import type { HubContext } from '../context';
import { MAX_PAGE } from '../pagination';

/**
 * What a request may ask the hub to produce, estimated before anything runs. Every field costs 1, the credit
 * judgment more (it fetches four departments' facts and runs the engine); a list costs its items: `first` or the
 * length of a list argument, given literally or as a variable, and a merchant's records an expected number.
 * The budget (QUERY_COST_BUDGET, default 30,000) lets through the API's own largest pages (a bank's batch of 1,000 with credit, about 17,000; a page
 * of 1,000 merchants with a credit summary, about 14,000; `creditChanges` of 1,000, about 8,000) and refuses a
 * flood of aliased pages.
 */
export const DEMAND = {
  /** the judgment of one merchant */
  judgment: 10,
  /** a merchant's access log: the departments hand over their trails of it, whatever page is asked for */
  accessLog: 100,
  /** the items of a list that takes no size: one merchant's records in one department */
  recordsPerList: 20,
  /** the items of a page whose `first` is not given */
  defaultPage: 100,
} as const;

/** How many items a field's arguments ask for: `first`, or the longest list argument (the pages' own limit caps both). */
function asked(args: Record<string, unknown>): number | null {
  const sizes = [typeof args.first === 'number' ? args.first : null, ...Object.values(args).map((a) => (Array.isArray(a) ? a.length : null))].filter(
    (n) => n !== null,
  );
  return sizes.length ? Math.min(MAX_PAGE, Math.max(1, ...sizes)) : null;
}

const estimate: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const named = getNamedType(field.type).name;
  const own = named === 'CreditAssessment' ? DEMAND.judgment : named === 'AccessLogConnection' ? DEMAND.accessLog : 1;
  const list = isListType(getNullableType(field.type));
  const sized = asked(args) ?? ('first' in args || field.args.some((a) => a.name === 'first') ? DEMAND.defaultPage : null);
  // a connection's nodes are as many as its `first` said, counted where it was said
  const items = sized ?? (list && field.name !== 'nodes' && isObjectType(getNamedType(field.type)) ? DEMAND.recordsPerList : 1);
  return own + items * childComplexity;
};

/**
 * What of the operation's variables the estimate reads: numbers (a `first`), booleans (@include, @skip) and lists'
 * lengths; a text or an input object costs alike whatever it holds. Only the variables the operation declares: the
 * key is as long as the document allows, whatever else a client sends.
 */
const sizesOf = (operation: OperationDefinitionNode, variables: Record<string, unknown>) =>
  (operation.variableDefinitions ?? [])
    .map(({ variable: { name } }) => {
      const v = variables[name.value];
      return Array.isArray(v) ? `[${v.length}]` : v !== null && typeof v === 'object' ? '{}' : typeof v === 'string' ? "''" : String(v);
    })
    .join(' ');

/** Refuses, at the gateway and before any subgraph is asked, a request whose estimated cost is over the budget. */
export function demandControl(budget: number): ApolloServerPlugin<HubContext> {
  // clients send the same few documents with variables of the same sizes again and again: a cost within the budget is remembered
  const within = new LRUCache<string, true>({ max: 10_000 });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName, contextValue, queryHash }) {
          // what the hub's own code asks of the graph (an evaluation's pages, a simulation's sample) is bounded by that code
          if (contextValue.onBehalf) return;
          const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName));
          if (operation?.kind !== Kind.OPERATION_DEFINITION) return;
          const variables = request.variables ?? {};
          const key = `${queryHash} ${operationName ?? ''} ${sizesOf(operation, variables)}`;
          if (within.has(key)) return;
          // variables that do not coerce: execution refuses them, coded, before anything runs
          if ('errors' in getVariableValues(schema, operation.variableDefinitions ?? [], variables)) return;
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables,
              operationName: operationName ?? undefined,
              estimators: [estimate],
            });
          } catch {
            // more fields than can be counted (fragments spread into each other): no request the API needs is like that
            cost = Number.POSITIVE_INFINITY;
          }
          if (cost <= budget) within.set(key, true);
          else {
            const about = Number.isFinite(cost) ? `about ${cost}` : 'more than can be counted';
            throw new GraphQLError(
              `this request would cost ${about}, over the budget of ${budget} per request: ask for fewer items (first, a shorter list) or fewer fields, or split it`,
              {
                extensions: { code: 'COST_LIMIT_EXCEEDED', cost: Number.isFinite(cost) ? cost : null, budget, http: { status: 400 } },
              },
            );
          }
        },
      };
    },
  };
}
