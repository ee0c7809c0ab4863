import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from '../errors';
import { parseUscc } from '../uscc';

function parse(value: unknown): string {
  if (typeof value !== 'string') throw badInput('a credit code must be a string of 18 characters');
  const parsed = parseUscc(value);
  if ('problem' in parsed) throw badInput(parsed.problem, { field: 'uscc' });
  return parsed.uscc;
}

export const CreditCode = new GraphQLScalarType<string, string>({
  name: 'CreditCode',
  description: 'A unified social credit code (GB 32100-2015); input is trimmed, upper-cased and its check character verified.',
  serialize: (value) => value as string,
  parseValue: parse,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw badInput('a credit code must be a string of 18 characters');
    return parse(ast.value);
  },
});
