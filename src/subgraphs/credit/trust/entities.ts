import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Field, ObjectType } from 'type-graphql';

/** A merchant's consent that a bank organisation may read its credit for loans, until a date. */
@ObjectType('Consent', { description: "A merchant's consent that a bank may read its credit, until a date." })
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

  @Field({ description: 'granted, not revoked, and not yet past its date' })
  valid!: boolean;
}
