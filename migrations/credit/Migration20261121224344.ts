import { Migration } from '@mikro-orm/migrations';

export class Migration20261121224344 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "credit";`);
    this.addSql(`create table "credit"."merchant" ("uscc" varchar(18) not null, "name" varchar(200) not null, "kind" text check ("kind" in ('ENTERPRISE', 'INDIVIDUAL_BUSINESS')) not null, "trade" varchar(60) not null, "district" varchar(60) not null, "street" varchar(60) not null, "address" varchar(300) not null, "operator_name" varchar(60) not null, "operator_id_number" varchar(18) not null, "operator_phone" varchar(20) not null, "qr_token" varchar(32) not null, "registered_at" timestamptz not null default now(), constraint "merchant_pkey" primary key ("uscc"));`);
    this.addSql(`alter table "credit"."merchant" add constraint "merchant_qr_token_unique" unique ("qr_token");`);
    this.addSql(`create index "merchant_trade_index" on "credit"."merchant" ("trade");`);
    this.addSql(`create index "merchant_district_street_index" on "credit"."merchant" ("district", "street");`);
  }

}
