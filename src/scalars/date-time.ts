import { GraphQLScalarType, type ValueNode } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { badInput } from '../errors';

/** The earliest date the hub is given: earlier years are typing or conversion errors, and some of them are misread. */
const FIRST = new Date('1900-01-01T00:00:00Z');

function sane(date: Date): Date {
  if (date < FIRST) throw badInput(`${date.toISOString()} lies before ${FIRST.getUTCFullYear()}, earlier than any date this hub accepts`);
  return date;
}

/** RFC 3339 date-times (graphql-scalars' DateTime), none before 1900: time is checked once, at the edge. */
export const DateTime = new GraphQLScalarType<Date, Date>({
  ...DateTimeResolver.toConfig(),
  parseValue: (value) => sane(DateTimeResolver.parseValue(value) as Date),
  parseLiteral: (ast: ValueNode, variables) => sane(DateTimeResolver.parseLiteral(ast, variables) as Date),
});
