import type { BuildSchemaOptions } from 'type-graphql';
import { CreditCode } from './credit-code';
import { DateTime } from './date-time';

export { CreditCode, DateTime };
export const scalarsMap: BuildSchemaOptions['scalarsMap'] = [{ type: Date, scalar: DateTime }];
