import { Migration } from '@mikro-orm/migrations';

export class Migration20261121224343 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "finance";`);
    this.addSql(`create table "finance"."arrear" ("id" uuid not null default gen_random_uuid(), "uscc" varchar(18) not null, "kind" text check ("kind" in ('TAX', 'UTILITY', 'SOCIAL_INSURANCE')) not null, "amount_yuan" int not null, "since" timestamptz not null, "settled_at" timestamptz null, "event_id" uuid null, constraint "arrear_pkey" primary key ("id"));`);
    this.addSql(`create index "arrear_uscc_since_index" on "finance"."arrear" ("uscc", "since");`);

    this.addSql(`create table "finance"."credit_event" ("id" uuid not null default gen_random_uuid(), "uscc" varchar(18) not null, "code" varchar(40) not null, "occurred_at" timestamptz not null, "ended_at" timestamptz null, "status" text check ("status" in ('ACTIVE', 'ENDED', 'RESCINDED')) not null default 'ACTIVE', "summary" text not null, "evidence_url" text null, "source_record_id" varchar(100) not null, "recorded_at" timestamptz not null default now(), "recorded_by" varchar(200) null, constraint "credit_event_pkey" primary key ("id"));`);
    this.addSql(`alter table "finance"."credit_event" add constraint "credit_event_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`create index "credit_event_uscc_occurred_at_index" on "finance"."credit_event" ("uscc", "occurred_at");`);

    this.addSql(`create table "finance"."loan" ("id" uuid not null default gen_random_uuid(), "uscc" varchar(18) not null, "lender" varchar(100) not null, "amount_yuan" int not null, "granted_at" timestamptz not null, "due_at" timestamptz not null, "status" text check ("status" in ('CURRENT', 'REPAID', 'OVERDUE', 'DEFAULTED')) not null, "settled_at" timestamptz null, "event_id" uuid null, constraint "loan_pkey" primary key ("id"));`);
    this.addSql(`create index "loan_uscc_granted_at_index" on "finance"."loan" ("uscc", "granted_at");`);

    this.addSql(`create table "finance"."subsidy" ("id" uuid not null default gen_random_uuid(), "uscc" varchar(18) not null, "programme" varchar(200) not null, "amount_yuan" int not null, "paid_at" timestamptz not null, "event_id" uuid null, constraint "subsidy_pkey" primary key ("id"));`);
    this.addSql(`create index "subsidy_uscc_paid_at_index" on "finance"."subsidy" ("uscc", "paid_at");`);

    this.addSql(`create table "finance"."taxpayer_rating" ("id" uuid not null default gen_random_uuid(), "uscc" varchar(18) not null, "year" int not null, "rating" text check ("rating" in ('A', 'B', 'M', 'C', 'D')) not null, "score" int null, "rated_at" timestamptz not null, "event_id" uuid null, constraint "taxpayer_rating_pkey" primary key ("id"));`);
    this.addSql(`create index "taxpayer_rating_uscc_rated_at_index" on "finance"."taxpayer_rating" ("uscc", "rated_at");`);
    this.addSql(`alter table "finance"."taxpayer_rating" add constraint "taxpayer_rating_uscc_year_unique" unique ("uscc", "year");`);
  }

}
