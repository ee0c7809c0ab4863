import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { Department } from '../../../catalogue/types';
import { CreditCode } from '../../../scalars';
import * as vocabulary from '../../../vocabulary';
import { WorkItemKind } from '../../../worklist';

export enum WorkNotice {
  NEW = 'NEW',
  OVERDUE = 'OVERDUE',
}
registerEnumType(WorkNotice, {
  name: 'WorkNotice',
  valuesConfig: { NEW: { description: 'an item arrived on the worklist' }, OVERDUE: { description: "an open item's deadline passed" } },
});

/** A notice that a worklist item arrived or fell due: each once, in order. */
@ObjectType('WorklistNotice', { description: 'A worklist item that arrived or fell due, in the order noticed.' })
@Entity({ tableName: 'worklist_notice' })
@Unique({ properties: ['itemKind', 'itemId', 'notice'] })
// a department reads its own notices in order
@Index({ properties: ['department', 'seq'] })
export class WorklistNoticeRecord {
  @Field(() => ID, { description: 'its place in the notices' })
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  seq!: string;

  @Field(() => WorkNotice)
  @Enum({ items: () => WorkNotice })
  notice!: WorkNotice;

  @Field(() => WorkItemKind)
  @Enum({ items: () => WorkItemKind })
  itemKind!: WorkItemKind;

  @Field(() => ID)
  @Property({ type: 'uuid' })
  itemId!: string;

  @Field(() => vocabulary.Department)
  @Property({ type: 'string', length: 20 })
  department!: Department;

  @Field(() => CreditCode)
  @Property({ length: 18 })
  uscc!: string;

  @Field()
  @Property({ type: 'text' })
  subject!: string;

  @Field()
  @Property({ type: 'timestamptz' })
  dueAt!: Date;

  @Field({ description: 'when it was noticed' })
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  at!: Date;
}
