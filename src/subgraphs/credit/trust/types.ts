import { Field, ObjectType } from 'type-graphql';
import { AccessLogEntry } from '../../../auth/access-log';
import { PageInfo } from '../../../pagination';

@ObjectType()
export class AccessLogConnection {
  @Field(() => [AccessLogEntry])
  nodes!: AccessLogEntry[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
