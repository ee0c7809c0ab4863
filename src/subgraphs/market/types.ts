import { Field, InputType, Int, registerEnumType } from 'type-graphql';
import { CreditCode } from '../../scalars';
import { InspectionKind, InspectionResult, MarketList, PenaltySeverity } from './entities';

export enum SampledGoods {
  FOOD = 'FOOD',
  PRODUCT = 'PRODUCT',
}
registerEnumType(SampledGoods, { name: 'SampledGoods', description: 'what a product sampling tested: food safety, or the quality of other products' });

export enum ListingGround {
  NO_ANNUAL_REPORT = 'NO_ANNUAL_REPORT',
  UNREACHABLE = 'UNREACHABLE',
  FALSE_DISCLOSURE = 'FALSE_DISCLOSURE',
}
registerEnumType(ListingGround, {
  name: 'ListingGround',
  description: 'why a merchant is put on the abnormal-operation list: it sets the catalogue code',
  valuesConfig: {
    NO_ANNUAL_REPORT: { description: 'no annual report by 30 June (MKT-ABN-REPORT)' },
    UNREACHABLE: { description: 'cannot be reached at the registered address or premises (MKT-ABN-ADDRESS)' },
    FALSE_DISCLOSURE: { description: 'publicly disclosed information concealed facts or was falsified (MKT-ABN-FALSE)' },
  },
});

@InputType({ description: 'An administrative penalty decision as market supervision records it; recording the same sourceRecordId again returns it.' })
export class PenaltyDecisionInput {
  @Field(() => CreditCode)
  uscc!: string;

  @Field({ description: "market supervision's own record id of the decision (unique within the department)" })
  sourceRecordId!: string;

  @Field({ description: 'number of the decision document, e.g. 日东市监罚〔2026〕12号' })
  decisionNumber!: string;

  @Field()
  decidedAt!: Date;

  @Field({ description: 'the violation the decision names' })
  violation!: string;

  @Field(() => PenaltySeverity, { description: 'sets the catalogue code: MKT-PEN-MINOR, -GENERAL or -SERIOUS' })
  severity!: PenaltySeverity;

  @Field(() => Int, { description: 'fine in yuan; 0 for a warning' })
  fineYuan!: number;

  @Field(() => String, { nullable: true, description: 'where the decision is published' })
  evidenceUrl?: string | null;
}

@InputType({ description: 'An inspection and what it found; a failed spot check or sampling is a credit event.' })
export class InspectionInput {
  @Field(() => CreditCode)
  uscc!: string;

  @Field({ description: "market supervision's own record id of the inspection" })
  sourceRecordId!: string;

  @Field()
  inspectedAt!: Date;

  @Field(() => InspectionKind)
  kind!: InspectionKind;

  @Field(() => InspectionResult)
  result!: InspectionResult;

  @Field(() => String, { nullable: true, description: 'what was found; required unless the inspection passed' })
  findings?: string | null;

  @Field(() => SampledGoods, { nullable: true, description: 'for a failed product sampling: food or other products' })
  sampled?: SampledGoods | null;
}

@InputType({ description: "A merchant put on one of the market regulator's lists (and, if it already happened, taken off it)." })
export class MarketListingInput {
  @Field(() => CreditCode)
  uscc!: string;

  @Field({ description: "market supervision's own record id of the listing decision" })
  sourceRecordId!: string;

  @Field(() => MarketList)
  list!: MarketList;

  @Field(() => ListingGround, { nullable: true, description: 'required for the abnormal-operation list: it sets the catalogue code' })
  ground?: ListingGround | null;

  @Field({ description: 'the grounds as the listing decision words them' })
  reason!: string;

  @Field()
  listedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'when the merchant was taken off the list, if it has been' })
  removedAt?: Date | null;
}
