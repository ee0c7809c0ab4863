import { Field, InputType } from 'type-graphql';
import { CreditCode } from '../../scalars';

@InputType({ description: "An urban-management officer's observation of a street shop's conduct, as the officer records it." })
export class ConductInput {
  @Field(() => CreditCode)
  uscc!: string;

  @Field({ description: "urban management's own record id of the observation" })
  sourceRecordId!: string;

  @Field({ description: 'catalogue code of the behaviour observed (URB-…): one of the 27 negative and 3 positive kinds' })
  code!: string;

  @Field()
  observedAt!: Date;

  @Field({ description: 'where the behaviour was observed' })
  location!: string;

  @Field(() => String, { nullable: true, description: 'the photo taken: an http(s) URL, or its reference in the photo store (e.g. 2026/03/0412-17.jpg)' })
  photoUrl?: string | null;

  @Field(() => String, { nullable: true, description: "the recording officer's name or badge number" })
  officer?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'a negative behaviour put right on the spot: kept on record, with no credit event' })
  rectifiedOnSpot?: boolean | null;
}
