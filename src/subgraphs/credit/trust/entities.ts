import { ArrayType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Field, ObjectType } from 'type-graphql';
import type { ConsentPurpose } from '../../../auth/purpose';
import * as vocabulary from '../../../vocabulary';

/** A merchant's consent that a bank organisation may read its credit for the purposes it names, until a date. */
@ObjectType('Consent', { description: "A merchant's consent that a bank may read its credit for the purposes it names, until a date." })
@Entity({ tableName: 'consent' })
@Index({ properties: ['org', 'uscc'] })
export class ConsentRecord {
  @PrimaryKey({ length: 18 })
  uscc!: string;

  @Field()
  @PrimaryKey({ length: 200 })
  org!: string;

  @Field()
  @Property({ type: 'timestamptz' })
  grantedAt!: Date;

  @Field()
  @Property({ type: 'timestamptz' })
  until!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  // consents granted before they named purposes were granted for loans
  @Field(() => [vocabulary.ConsentPurpose], { description: 'what the bank may read the credit for; a read for another purpose is refused' })
  @Property({ type: ArrayType, defaultRaw: `'{LOAN_REVIEW}'` })
  purposes!: ConsentPurpose[];

  @Field({ description: 'granted, not revoked, and not yet past its date' })
  valid!: boolean;
}
