import { Directive, Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { AccessLogEntry } from '../../../auth/access-log';
import { CreditEvent } from '../../../events/types';
import { PageInfo } from '../../../pagination';
import { CreditCode } from '../../../scalars';
import { DEPARTMENTS, type Department, type ListEffect } from '../../../catalogue/types';
import * as vocabulary from '../../../vocabulary';
import { MerchantKind } from './entities';

@ObjectType({ description: 'The person who runs the business: personal data.' })
export class Operator {
  /** whose operator: not shown, read by the policy */
  uscc!: string;

  @Field(() => String, { nullable: true })
  name!: string;

  @Field(() => String, { nullable: true, description: 'resident identity card number' })
  idNumber!: string;

  @Field(() => String, { nullable: true })
  phone!: string;
}

@Directive('@key(fields: "uscc")')
@ObjectType({ description: 'A merchant: the directory entry, joined in the graph by every department that knows it.' })
export class Merchant {
  @Field(() => CreditCode)
  uscc!: string;

  @Field()
  name!: string;

  @Field(() => MerchantKind)
  kind!: MerchantKind;

  @Field()
  trade!: string;

  @Field()
  district!: string;

  @Field()
  street!: string;

  @Field()
  address!: string;

  @Field(() => Operator)
  operator!: Operator;

  @Field({ description: "the token in the shop's QR code, which opens its public profile" })
  qrToken!: string;

  @Field()
  registeredAt!: Date;
}

/** What the gateway hands the credit office with a merchant, for its @requires (declared for GraphQL below). */
export interface Merchant
  extends Partial<Record<`${Department}Facts`, CreditEvent[] | null>>, Partial<Record<`${Department}AccessLog`, AccessLogEntry[] | null>> {}

// the departments' facts, which the credit judgment requires, then their trails of reads, which the merged access log
// requires: a pair of fields per department, resolved by its subgraph and hidden from clients
for (const [suffix, type] of [
  ['Facts', CreditEvent],
  ['AccessLog', AccessLogEntry],
] as const) {
  for (const d of DEPARTMENTS) {
    Field(() => [type], { nullable: true })(Merchant.prototype, `${d}${suffix}`);
    Directive('@external')(Merchant.prototype, `${d}${suffix}`);
  }
}

@ObjectType()
export class MerchantConnection {
  @Field(() => [Merchant])
  nodes!: Merchant[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  /** counted only when asked for */
  filter!: DirectoryFilter | null;
}

@InputType()
export class MerchantFilter {
  @Field(() => String, { nullable: true })
  district?: string | null;

  @Field(() => String, { nullable: true })
  street?: string | null;

  @Field(() => String, { nullable: true })
  trade?: string | null;

  @Field(() => MerchantKind, { nullable: true })
  kind?: MerchantKind | null;

  @Field(() => String, { nullable: true, description: 'part of the name' })
  nameContains?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "the grade the merchant was given in the latest finished evaluation (its cycle's snapshot), as the scheme then in force names it (e.g. A); " +
      'not the live grade of `credit`, which may have moved since. With no finished evaluation, it matches no merchant. At most 10 characters. ' +
      "Only for a reader who may read `CreditSnapshot.grade` of every merchant (FORBIDDEN otherwise). merchantsPage's filter only: the statistics group by grade instead",
  })
  grade?: string | null;

  @Field(() => vocabulary.ListEffect, {
    nullable: true,
    description:
      'a list (RED or BLACK) the merchant was on when judged in the latest finished evaluation (its snapshot); with no finished evaluation, it matches no merchant. ' +
      'Only for a reader who may read `CreditSnapshot.lists` of every merchant (FORBIDDEN otherwise: the public, a merchant, a bank), and each merchant it finds is traced ' +
      "as a read of its lists. merchantsPage's filter only",
  })
  list?: ListEffect | null;

  @Field(() => String, {
    nullable: true,
    description:
      'the internal risk class (A low … D high) of the merchant in the latest finished evaluation (its snapshot), by which market supervision draws inspections; with no finished evaluation, it matches no merchant. At most 10 characters. ' +
      'Only for a reader who may read `CreditSnapshot.riskClass` of every merchant (FORBIDDEN otherwise: all but market supervision, urban management and administrators), ' +
      "and each merchant it finds is traced as a read of its risk class. merchantsPage's filter only",
  })
  riskClass?: string | null;
}

/** A filter the credit office's own listings add to a client's: any of several grades (a level's). */
export type DirectoryFilter = MerchantFilter & { grades?: readonly string[] };

@InputType()
export class OperatorInput {
  @Field()
  name!: string;

  @Field()
  idNumber!: string;

  @Field()
  phone!: string;
}

@InputType()
export class RegisterMerchantInput {
  @Field(() => CreditCode)
  uscc!: string;

  @Field()
  name!: string;

  @Field(() => MerchantKind)
  kind!: MerchantKind;

  @Field()
  trade!: string;

  @Field()
  district!: string;

  @Field()
  street!: string;

  @Field()
  address!: string;

  @Field(() => OperatorInput)
  operator!: OperatorInput;
}

export enum QrFormat {
  SVG = 'SVG',
  PNG = 'PNG',
}
registerEnumType(QrFormat, { name: 'QrFormat', description: 'SVG text, or a PNG data URL' });
