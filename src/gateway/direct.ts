import { Supergraph } from '@apollo/federation-internals';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  defaultFieldResolver,
  execute,
  getNamedType,
  GraphQLEnumType,
  GraphQLError,
  GraphQLScalarType,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  isEnumType,
  isLeafType,
  isObjectType,
  isScalarType,
  Kind,
  parse,
  print,
  type DocumentNode,
  type ExecutionResult,
  type ObjectTypeDefinitionNode,
  type SelectionSetNode,
  specifiedScalarTypes,
  type ValueNode,
  visit,
} from 'graphql';
import type { SubgraphName } from '../config';
import type { Batch, HubContext } from '../context';
import { badInput } from '../errors';
import { asBadInput, measuredFetch } from './in-process';

type Schemas = Partial<Record<SubgraphName, GraphQLSchema>>;

/** Who answers one field of the supergraph: the subgraphs that resolve it, and what each needs from others first. */
interface FieldPlan {
  resolvers: SubgraphName[];
  requires: Partial<Record<SubgraphName, string>>;
}

/** What the supergraph says of each type: its keys per subgraph and its fields' owners. */
interface TypePlan {
  keys: Partial<Record<SubgraphName, string[]>>;
  fields: Map<string, FieldPlan>;
}

const stringArg = (value: ValueNode | undefined) => (value?.kind === Kind.STRING ? value.value : undefined);
const enumArg = (value: ValueNode | undefined) => (value?.kind === Kind.ENUM ? value.value : undefined);
const argOf = (d: { arguments?: readonly { name: { value: string }; value: ValueNode }[] }, name: string) =>
  d.arguments?.find((a) => a.name.value === name)?.value;

/** Reads the join directives of the supergraph: which subgraph resolves which field, with which @requires and keys. */
function readPlan(supergraphSdl: string): Map<string, TypePlan> {
  const document = parse(supergraphSdl);
  const graphs = new Map<string, SubgraphName>();
  visit(document, {
    EnumValueDefinition(node) {
      const joinGraph = node.directives?.find((d) => d.name.value === 'join__graph');
      const name = joinGraph && stringArg(argOf(joinGraph, 'name'));
      if (name) graphs.set(node.name.value, name as SubgraphName);
    },
  });
  const plans = new Map<string, TypePlan>();
  const read = (node: ObjectTypeDefinitionNode) => {
    const plan: TypePlan = plans.get(node.name.value) ?? { keys: {}, fields: new Map() };
    plans.set(node.name.value, plan);
    const typeGraphs: SubgraphName[] = [];
    for (const d of node.directives ?? []) {
      if (d.name.value !== 'join__type') continue;
      const graph = graphs.get(enumArg(argOf(d, 'graph'))!)!;
      typeGraphs.push(graph);
      const key = stringArg(argOf(d, 'key'));
      if (key) plan.keys[graph] = key.split(/\s+/).filter(Boolean);
    }
    for (const field of node.fields ?? []) {
      const joins = field.directives?.filter((d) => d.name.value === 'join__field') ?? [];
      const fieldPlan: FieldPlan = { resolvers: [], requires: {} };
      if (!joins.length) fieldPlan.resolvers.push(...typeGraphs);
      for (const j of joins) {
        const graph = graphs.get(enumArg(argOf(j, 'graph'))!);
        const external = argOf(j, 'external');
        if (!graph || (external?.kind === Kind.BOOLEAN && external.value)) continue;
        fieldPlan.resolvers.push(graph);
        const requires = stringArg(argOf(j, 'requires'));
        if (requires) fieldPlan.requires[graph] = requires;
      }
      plan.fields.set(field.name.value, fieldPlan);
    }
  };
  visit(document, { ObjectTypeDefinition: read });
  return plans;
}

/** Which subgraph an object came from: its other fields are asked of that subgraph first, as the planner does. */
const origins = new WeakMap<object, SubgraphName>();

function mark<T>(value: T, subgraph: SubgraphName): T {
  if (Array.isArray(value)) value.forEach((v) => mark(v, subgraph));
  else if (value !== null && typeof value === 'object') origins.set(value, subgraph);
  return value;
}

const isPromiseLike = (v: unknown): v is PromiseLike<unknown> => typeof (v as PromiseLike<unknown> | null)?.then === 'function';

interface Required {
  data: Record<string, unknown>;
  errors: readonly GraphQLError[];
}

/** Errors of the inputs fetched for a @requires, which the answer carries as the gateway's does; per request. */
const requiredErrors = new WeakMap<HubContext, GraphQLError[]>();
/** an entity's required fields serve several fields (every department's lists require the same decisions): their errors are told once */
const told = new WeakSet<Required>();

/**
 * The supergraph's API schema, executed in one graphql-js execution: each field bound to the (policy-enforced)
 * resolver of the subgraph that owns it; an entity's field owned by another subgraph resolved through that
 * subgraph's reference resolver; a @requires supplied by executing the required selection in its own subgraph for
 * all the request's entities at once, as the gateway's planner would fetch it (marked as the credit office's).
 */
export function directSchema(supergraphSdl: string, schemas: Schemas): GraphQLSchema {
  const plans = readPlan(supergraphSdl);
  const api = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
  const subgraphTypes = (name: string) => Object.values(schemas).map((s) => s!.getType(name));
  const builtIn = new Set(specifiedScalarTypes.map((s) => s.name));

  /** An entity of subgraph `to`, from an object another subgraph (or the same, for a @requires) answered. */
  const references = new WeakMap<object, Map<string, unknown>>();
  function reference(to: SubgraphName, typeName: string, parent: object, requires: string | undefined, ctx: HubContext, info: GraphQLResolveInfo) {
    let mine = references.get(parent);
    if (!mine) references.set(parent, (mine = new Map()));
    const cacheKey = `${to} ${requires ?? ''}`;
    if (!mine.has(cacheKey)) mine.set(cacheKey, resolveReference(to, typeName, parent, requires, ctx, info));
    return mine.get(cacheKey);
  }

  async function resolveReference(to: SubgraphName, typeName: string, parent: object, requires: string | undefined, ctx: HubContext, info: GraphQLResolveInfo) {
    const representation: Record<string, unknown> = { __typename: typeName, ...keyOf(to, typeName, parent) };
    if (requires) Object.assign(representation, await required(typeName, parent, requires, ctx, info));
    const type = schemas[to]!.getType(typeName)!;
    const resolve = (type.extensions as { apollo?: { subgraph?: { resolveReference?: (r: unknown, c: unknown, i: unknown) => unknown } } }).apollo?.subgraph
      ?.resolveReference;
    return mark(await (resolve ? resolve(representation, ctx, info) : representation), to);
  }

  /** The entity's key as the gateway writes it into a representation: each key field serialised by its type. */
  const keyWriters = new Map<string, (parent: Record<string, unknown>) => Record<string, unknown>>();
  function keyOf(subgraph: SubgraphName, typeName: string, parent: object): Record<string, unknown> {
    let write = keyWriters.get(`${subgraph} ${typeName}`);
    if (!write) {
      const fields = plans.get(typeName)?.keys[subgraph];
      if (!fields) throw new Error(`${typeName} is not an entity of the ${subgraph} subgraph`);
      const type = served.getType(typeName);
      const serializers = fields.map((f) => {
        const leaf = isObjectType(type) ? getNamedType(type.getFields()[f]?.type) : undefined;
        return [f, leaf && isLeafType(leaf) ? (v: unknown) => leaf.serialize(v) : (v: unknown) => v] as const;
      });
      write = (p) => Object.fromEntries(serializers.map(([f, serialize]) => [f, p[f] === null || p[f] === undefined ? p[f] : serialize(p[f])]));
      keyWriters.set(`${subgraph} ${typeName}`, write);
    }
    return write(parent as Record<string, unknown>);
  }

  const splits = new Map<string, [SubgraphName, string][]>();
  function splitRequires(typeName: string, requires: string): [SubgraphName, string][] {
    let split = splits.get(`${typeName} ${requires}`);
    if (!split) {
      const bySubgraph = new Map<SubgraphName, string[]>();
      for (const s of selectionsOf(requires)) {
        if (s.kind !== Kind.FIELD) continue;
        const owner = plans.get(typeName)!.fields.get(s.name.value)!.resolvers[0]!;
        bySubgraph.set(owner, [...(bySubgraph.get(owner) ?? []), print(s)]);
      }
      split = [...bySubgraph].map(([from, fields]) => [from, fields.join(' ')]);
      splits.set(`${typeName} ${requires}`, split);
    }
    return split;
  }

  /** The selection a @requires names, split by the subgraph that resolves each of its fields, each fetched in one batch per request. */
  const requiredBatches = new WeakMap<HubContext, Map<string, Batch<string, Required>>>();
  async function required(typeName: string, parent: object, requires: string, ctx: HubContext, info: GraphQLResolveInfo) {
    let batches = requiredBatches.get(ctx);
    if (!batches) requiredBatches.set(ctx, (batches = new Map()));
    const parts = await Promise.all(
      splitRequires(typeName, requires).map(([from, selection]) => {
        const batchKey = `${from} ${typeName} ${selection}`;
        let batch = batches.get(batchKey);
        if (!batch) batches.set(batchKey, (batch = fetchRequired(from, typeName, selection, ctx)));
        // made for this request (it asks as this reader): never joined with other requests' keys
        return ctx.loaders.loadOwn(batch, JSON.stringify(keyOf(from, typeName, parent)));
      }),
    );
    // what could not be fetched is missing from the representation (the judgment refuses on it) and told, at this entity's place
    const untold = parts.filter((p) => p.errors.length && !told.has(p) && told.add(p));
    const at = untold.length && info.path.prev ? pathOf(info.path.prev) : [];
    const errors = untold.flatMap((p) =>
      p.errors.map((e) => new GraphQLError(e.message, { path: [...at, ...(e.path?.slice(2) ?? [])], extensions: e.extensions })),
    );
    if (errors.length) requiredErrors.set(ctx, [...(requiredErrors.get(ctx) ?? []), ...errors]);
    return Object.assign({}, ...parts.map((p) => p.data)) as Record<string, unknown>;
  }

  /** The required fields of many entities from one subgraph, as the gateway's fetch asks them: one execution of `_entities`. */
  function fetchRequired(from: SubgraphName, typeName: string, selection: string, ctx: HubContext): Batch<string, Required> {
    const document = cachedDocument(
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${typeName} { ${selection} } } }`,
    );
    return async (keys) => {
      const representations = keys.map((k) => ({ __typename: typeName, ...JSON.parse(k) }));
      const result = (await measuredFetch(from, '', async () =>
        execute({ schema: schemas[from]!, document, contextValue: { ...ctx, forCreditOffice: true }, variableValues: { representations } }),
      )) as ExecutionResult<{ _entities?: (Record<string, unknown> | null)[] }>;
      const entities = result.data?._entities ?? [];
      // an error without a place in `_entities` belongs to every entity of the fetch
      const errorsOf = (i: number) => (result.errors ?? []).filter((e) => e.path?.[1] === undefined || e.path[1] === i);
      return keys.map((_, i) => ({ data: entities[i] ?? {}, errors: errorsOf(i) }));
    };
  }

  const resolverOf = (subgraph: SubgraphName, typeName: string, field: string): GraphQLFieldResolver<unknown, HubContext> => {
    const type = schemas[subgraph]!.getType(typeName);
    return (isObjectType(type) && type.getFields()[field]?.resolve) || defaultFieldResolver;
  };

  /** An entity, or a type more than one subgraph answers: which subgraph an object of it came from decides who answers its fields. */
  const bySource = (typeName: string) => {
    const plan = plans.get(typeName);
    return !!plan && (Object.keys(plan.keys).length > 0 || [...plan.fields.values()].some((f) => f.resolvers.length > 1));
  };

  const bind = (typeName: string, fieldName: string, root: boolean, withArguments: boolean, returns: string): GraphQLFieldResolver<unknown, HubContext> => {
    const plan = plans.get(typeName)!.fields.get(fieldName)!;
    const direct = Object.fromEntries(plan.resolvers.map((s) => [s, resolverOf(s, typeName, fieldName)])) as Record<
      SubgraphName,
      GraphQLFieldResolver<unknown, HubContext>
    >;
    const first = plan.resolvers[0]!;
    // where an object came from is kept only where it decides something: the weak map costs the collector
    const settle = bySource(returns) ? settleIn : (value: unknown) => value;
    const resolve: GraphQLFieldResolver<unknown, HubContext> =
      root || !bySource(typeName)
        ? (parent, args, ctx, info) => settle(direct[first](parent, args, ctx, info), first)
        : (parent, args, ctx, info) => {
            const origin = origins.get(parent as object);
            const subgraph = origin && direct[origin] ? origin : first;
            const requires = plan.requires[subgraph];
            if (subgraph === origin && !requires) return settle(direct[subgraph](parent, args, ctx, info), subgraph);
            const entity = reference(subgraph, typeName, parent as object, requires, ctx, info);
            const answer = (source: unknown) => (source === null || source === undefined ? null : settle(direct[subgraph](source, args, ctx, info), subgraph));
            return isPromiseLike(entity) ? entity.then(answer) : answer(entity);
          };
    return withLiterals(withArguments, resolve);
  };

  const served: GraphQLSchema = mapSchema(api, {
    // the subgraphs' own scalars and enum values (a department is `MARKET` to a client, `market` to a resolver)
    [MapperKind.SCALAR_TYPE]: (type) => {
      const own = builtIn.has(type.name) ? undefined : subgraphTypes(type.name).find(isScalarType);
      return own ? new GraphQLScalarType({ ...own.toConfig(), parseLiteral: literalOf(own) }) : type;
    },
    [MapperKind.ENUM_TYPE]: (type) => {
      const own = subgraphTypes(type.name).find(isEnumType);
      if (!own) return type;
      const config = type.toConfig();
      for (const [name, value] of Object.entries(config.values)) value.value = own.getValue(name)?.value ?? name;
      return new GraphQLEnumType(config);
    },
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName, schema) => {
      const root = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].some((t) => t?.name === typeName);
      return { ...field, resolve: bind(typeName, fieldName, root, Object.keys(field.args ?? {}).length > 0, getNamedType(field.type).name) };
    },
  });
  return served;
}

function settleIn(value: unknown, subgraph: SubgraphName): unknown {
  return isPromiseLike(value) ? Promise.resolve(value).then((v) => mark(v, subgraph)) : mark(value, subgraph);
}

const selectionsOf = (selection: string) => (parse(`{ ${selection} }`).definitions[0] as { selectionSet: SelectionSetNode }).selectionSet.selections;

/**
 * A literal a scalar refuses, kept until its field runs: the gateway validates documents by the supergraph, where
 * scalars take any value, and the subgraph refuses the value as bad input, which the edge must not turn into a validation failure.
 */
class InvalidLiteral {
  constructor(readonly error: GraphQLError) {}
}

function literalOf(scalar: GraphQLScalarType): GraphQLScalarType['parseLiteral'] {
  return (node, variables) => {
    try {
      return scalar.parseLiteral(node, variables);
    } catch (e) {
      return new InvalidLiteral(e instanceof GraphQLError ? e : new GraphQLError(`${scalar.name} cannot represent ${print(node)}`));
    }
  };
}

/** A field with arguments refuses a literal its scalar refused before its resolver runs. */
function withLiterals(withArguments: boolean, resolve: GraphQLFieldResolver<unknown, HubContext>): GraphQLFieldResolver<unknown, HubContext> {
  if (!withArguments) return resolve;
  return (parent, args, ctx, info) => {
    const invalid = invalidLiteral(args);
    if (invalid) throw badInput(invalid.error.message, invalid.error.extensions);
    return resolve(parent, args, ctx, info);
  };
}

function invalidLiteral(value: unknown): InvalidLiteral | undefined {
  if (value instanceof InvalidLiteral) return value;
  if (Array.isArray(value)) return value.map(invalidLiteral).find(Boolean);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) !== Date.prototype)
    return Object.values(value).map(invalidLiteral).find(Boolean);
  return undefined;
}

const pathOf = (path: GraphQLResolveInfo['path']): (string | number)[] => (path.prev ? [...pathOf(path.prev), path.key] : [path.key]);

const documents = new Map<string, DocumentNode>();
const cachedDocument = (query: string) => {
  let document = documents.get(query);
  if (!document) documents.set(query, (document = parse(query)));
  return document;
};

/**
 * Apollo Server's gateway interface over the direct schema: the same edge (parsing, validation, demand control,
 * plugins) as the gateway, then one execution. A variable that does not coerce is the client's mistake, coded.
 */
export function directExecution(schema: GraphQLSchema, supergraphSdl: string): GatewayInterface {
  return {
    onSchemaLoadOrUpdate: (callback) => {
      callback({ apiSchema: schema, coreSupergraphSdl: supergraphSdl });
      return () => {};
    },
    load: async () => ({
      schema,
      executor: async (request) => {
        const contextValue = request.context as HubContext;
        const result = await execute({
          schema,
          document: request.document,
          contextValue,
          variableValues: request.request.variables,
          operationName: request.operationName ?? undefined,
        });
        if (!('data' in result) && result.errors) return { errors: result.errors.map(asBadInput) };
        const more = requiredErrors.get(contextValue);
        return more?.length ? { ...result, errors: [...(result.errors ?? []), ...more] } : result;
      },
    }),
    stop: async () => {},
  };
}
