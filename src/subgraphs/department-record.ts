import { Entity, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Field, ID, ObjectType } from 'type-graphql';

/** What every record of a department has: its own id, and the merchant it is about (the graph's join key). */
// never reached from a query on its own, so the schema shows only the concrete records
@ObjectType()
@Entity({ abstract: true })
export abstract class DepartmentRecord {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ length: 18 })
  uscc!: string;
}
