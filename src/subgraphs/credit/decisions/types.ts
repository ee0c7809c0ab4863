import { registerEnumType } from 'type-graphql';

export enum ObjectionDecision {
  /** the record stands */
  UPHOLD = 'UPHOLD',
  /** the record is removed from counting, as if it never counted */
  REVOKE = 'REVOKE',
}
registerEnumType(ObjectionDecision, { name: 'ObjectionDecision' });
