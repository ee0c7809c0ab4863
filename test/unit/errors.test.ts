import { GraphQLError } from 'graphql';
import { isDatabaseAway } from '../../src/errors';

const withCode = (code: string) => Object.assign(new Error('x'), { code });

describe('isDatabaseAway: a database that cannot be reached, told apart from a request that was wrong', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['an administrator shutting the server down', withCode('57P01')],
    ['a server with no connection left', withCode('53300')],
    ["pg's lost connection, as knex words it after the statement", new Error('insert into "market"."credit_event" … - Connection terminated unexpectedly')],
    ["knex's pool timing out", Object.assign(new Error('Knex: Timeout acquiring a connection'), { name: 'KnexTimeoutError' })],
    ['a cause wrapped by GraphQL', new GraphQLError('wrapped', { originalError: withCode('ECONNRESET') })],
  ])('%s is away', (_, error) => expect(isDatabaseAway(error)).toBe(true));

  it.each([
    ['a unique violation', withCode('23505')],
    [
      "the driver's words inside a statement's own text",
      new Error("insert … values ('Connection terminated unexpectedly') - duplicate key value violates unique constraint"),
    ],
    ['nothing at all', undefined],
  ])('%s is not', (_, error) => expect(isDatabaseAway(error)).toBe(false));
});
