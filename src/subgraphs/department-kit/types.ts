import { Directive, Field, ObjectType, type ClassType } from 'type-graphql';
import { WithdrawnRecord } from '../../events/types';
import { CreditCode } from '../../scalars';

/** The merchant as the gateway hands it to a department: its key, and what the department's lists @require. */
export interface DepartmentMerchant {
  uscc: string;
  /** the credit office's decisions that take records out of publication (null: they could not be read) */
  withdrawnRecords?: WithdrawnRecord[] | null;
}

/** What every list of a department's records @requires: it shows the public only what the decisions allow. */
export const DISCLOSURE_REQUIRES = '@requires(fields: "withdrawnRecords { eventId from }")';

/**
 * The merchant as a department knows it: the key, and the records resolved beside it. Each build gets a class
 * of its own, so that one department's fields never join another's Merchant.
 */
export function departmentMerchant(): ClassType<DepartmentMerchant> {
  @Directive('@key(fields: "uscc")')
  @ObjectType('Merchant')
  class Merchant {
    @Field(() => CreditCode)
    uscc!: string;

    @Directive('@external')
    @Field(() => [WithdrawnRecord], { nullable: true })
    withdrawnRecords?: WithdrawnRecord[] | null;
  }
  return Merchant;
}
