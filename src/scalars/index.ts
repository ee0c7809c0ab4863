import { DateTimeResolver } from 'graphql-scalars';
import type { BuildSchemaOptions } from 'type-graphql';
import { CreditCode } from './credit-code';

export { CreditCode };
export const DateTime = DateTimeResolver;
export const scalarsMap: BuildSchemaOptions['scalarsMap'] = [{ type: Date, scalar: DateTimeResolver }];
