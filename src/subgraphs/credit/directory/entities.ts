import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { registerEnumType } from 'type-graphql';

export enum MerchantKind {
  ENTERPRISE = 'ENTERPRISE',
  INDIVIDUAL_BUSINESS = 'INDIVIDUAL_BUSINESS',
}
registerEnumType(MerchantKind, { name: 'MerchantKind' });

/** A merchant of the credit office's directory. */
@Entity({ tableName: 'merchant' })
@Index({ properties: ['district', 'street'] })
@Index({ properties: ['trade'] })
export class MerchantRecord {
  @PrimaryKey({ length: 18 })
  uscc!: string;

  @Property({ length: 200 })
  name!: string;

  @Enum({ items: () => MerchantKind })
  kind!: MerchantKind;

  @Property({ length: 60 })
  trade!: string;

  @Property({ length: 60 })
  district!: string;

  @Property({ length: 60 })
  street!: string;

  @Property({ length: 300 })
  address!: string;

  @Property({ length: 60 })
  operatorName!: string;

  @Property({ length: 18 })
  operatorIdNumber!: string;

  @Property({ length: 20 })
  operatorPhone!: string;

  /** random and unguessable: the QR code opens the public profile, and nothing else */
  @Property({ length: 32, unique: true })
  qrToken!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  registeredAt!: Date;
}
