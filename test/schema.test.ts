import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { composeServices as composeWithApollo } from '@apollo/composition';
import { composeServices as composeWithTheGuild } from '@theguild/federation-composition';
import { buildSchema, type GraphQLObjectType, parse } from 'graphql';
import { SUBGRAPH_NAMES } from '../src/config';
import { composeSupergraph, subgraphSdls } from '../src/gateway/compose';

const committed = (file: string) => readFileSync(resolve(__dirname, '../schema', file), 'utf8');

describe('the schema files', () => {
  let sdls: Awaited<ReturnType<typeof subgraphSdls>>;
  beforeAll(async () => {
    sdls = await subgraphSdls();
  });

  it.each(SUBGRAPH_NAMES)('schema/%s.graphql is what the code builds (run `npm run compose` after changing it)', (name) => {
    expect(sdls[name]).toBe(committed(`${name}.graphql`));
  });

  it('schema/supergraph.graphql is the composition of the committed subgraphs', () => {
    expect(composeSupergraph(sdls)).toBe(committed('supergraph.graphql'));
  });

  const services = () => SUBGRAPH_NAMES.map((name) => ({ name, url: `http://${name}/graphql`, typeDefs: parse(committed(`${name}.graphql`)) }));

  it('composes with @apollo/composition and with @theguild/federation-composition into the same public API', () => {
    const apollo = composeWithApollo(services());
    const guild = composeWithTheGuild(services());
    expect(apollo.errors).toBeUndefined();
    expect(guild.errors).toBeUndefined();
    const fieldsOf = (schema: ReturnType<typeof buildSchema>) =>
      Object.fromEntries(
        ['Query', 'Mutation', 'Merchant', 'CreditEvent'].map((t) => [t, Object.keys((schema.getType(t) as GraphQLObjectType).getFields()).sort()]),
      );
    const apolloApi = apollo.schema!.toAPISchema().toGraphQLJSSchema();
    expect(fieldsOf(buildSchema(guild.publicSdl!))).toEqual(fieldsOf(apolloApi));
  });

  it('joins every department onto Merchant by its credit code', () => {
    const merchant = buildSchema(composeWithTheGuild(services()).publicSdl!).getType('Merchant') as GraphQLObjectType;
    const fields = Object.keys(merchant.getFields());
    for (const f of [
      'uscc',
      'name',
      'operator',
      'qrToken',
      'marketEvents',
      'urbanEvents',
      'approvalEvents',
      'financeEvents',
      'penalties',
      'conductRecords',
      'permits',
      'taxpayerRatings',
    ]) {
      expect(fields).toContain(f);
    }
  });
});
