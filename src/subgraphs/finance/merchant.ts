import { Directive, Field, ObjectType } from 'type-graphql';
import { CreditCode } from '../../scalars';

/** The merchant as finance knows it: the key, and the records resolved beside it. */
@Directive('@key(fields: "uscc")')
@ObjectType()
export class Merchant {
  @Field(() => CreditCode)
  uscc!: string;
}
