import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, visit, type DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { HubContext } from '../../context';
import { MALFORMED_TEXT } from '../../errors';

/** Where in a variable value malformed text sits, if anywhere. */
function malformedAt(value: unknown, path: string): string | null {
  if (typeof value === 'string') return MALFORMED_TEXT.test(value) ? path : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const at = malformedAt(item, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`);
    if (at) return at;
  }
  return null;
}

/** the access log keeps an operation's name; no real one is longer */
const MAX_OPERATION_NAME = 200;

/** Where in the document's own strings malformed text sits, if anywhere: the first such string's line. */
function malformedInDocument(document: DocumentNode): string | false {
  let at: string | false = false;
  visit(document, {
    StringValue: (node) => void (at ||= MALFORMED_TEXT.test(node.value) && `the string at line ${node.loc?.startToken.line ?? '?'}`),
  });
  return at;
}

/** the walk depends only on the document's text, which a client sends again and again: remembered by its hash */
const documentsSeen = new LRUCache<string, string | false, DocumentNode>({ max: 1000, memoMethod: (_, __, { context }) => malformedInDocument(context) });

/**
 * Refuses, before any subgraph sees it, what would otherwise fail deep inside as a 500: a document whose
 * operation cannot be chosen (several without an operationName, a name it lacks) or that the graph has no root
 * type for (a subscription), and text no database can store, in variables or in the document's own strings.
 */
export const clientMistakes: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, request, schema, document, queryHash }) {
        const refuse = (code: string, message: string) => new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
        if (!operation) {
          const message = request.operationName
            ? `the document has no operation named "${request.operationName}"`
            : 'the document has several operations: name the one to run in operationName';
          throw refuse('OPERATION_RESOLUTION_FAILURE', message);
        }
        if (!schema.getRootType(operation.operation)) throw refuse('OPERATION_RESOLUTION_FAILURE', `the graph has no ${operation.operation} operations`);
        if ((operation.name?.value ?? '').length > MAX_OPERATION_NAME)
          throw refuse('BAD_REQUEST', `an operation's name must be at most ${MAX_OPERATION_NAME} characters`);
        const at = malformedAt(request.variables ?? {}, 'variables') ?? documentsSeen.memo(queryHash, { context: document });
        if (at) throw refuse('BAD_USER_INPUT', `${at} holds a NUL character or half of a surrogate pair; send well-formed Unicode text`);
      },
    };
  },
};
