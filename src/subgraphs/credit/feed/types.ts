import { Field, ObjectType } from 'type-graphql';
import { PageInfo } from '../../../pagination';
import { CreditChangeRecord, WebhookRecord } from './entities';

@ObjectType()
export class CreditChangeConnection {
  @Field(() => [CreditChangeRecord])
  nodes!: CreditChangeRecord[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType({ description: 'A new webhook and the secret that signs its deliveries; the secret is shown only once.' })
export class WebhookRegistration {
  @Field(() => WebhookRecord)
  webhook!: WebhookRecord;

  @Field({ description: 'verify `x-credit-hub-signature: sha256=<hex of HMAC-SHA256(secret, body)>` with it' })
  secret!: string;
}
