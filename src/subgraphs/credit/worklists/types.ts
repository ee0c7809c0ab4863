import { Field, ObjectType } from 'type-graphql';
import { PageInfo } from '../../../pagination';
import { WorklistNoticeRecord } from './entities';

@ObjectType()
export class WorklistNoticeConnection {
  @Field(() => [WorklistNoticeRecord])
  nodes!: WorklistNoticeRecord[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
