import { Directive, Field, ObjectType, type ClassType } from 'type-graphql';
import { CreditCode } from '../../scalars';

/**
 * The merchant as a department knows it: the key, and the records resolved beside it. Each build gets a class
 * of its own, so that one department's fields never join another's Merchant.
 */
export function departmentMerchant(): ClassType<{ uscc: string }> {
  @Directive('@key(fields: "uscc")')
  @ObjectType('Merchant')
  class Merchant {
    @Field(() => CreditCode)
    uscc!: string;
  }
  return Merchant;
}
