import { Migration } from '@mikro-orm/migrations';

export class Migration20261121224340 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "market";`);
    this.addSql(`create table "market"."complaint" ("id" uuid not null default gen_random_uuid(), "uscc" varchar(18) not null, "received_at" timestamptz not null, "subject" text not null, "substantiated" boolean not null, "event_id" uuid null, constraint "complaint_pkey" primary key ("id"));`);
    this.addSql(`create index "complaint_uscc_received_at_index" on "market"."complaint" ("uscc", "received_at");`);

    this.addSql(`create table "market"."inspection" ("id" uuid not null default gen_random_uuid(), "uscc" varchar(18) not null, "inspected_at" timestamptz not null, "kind" text check ("kind" in ('RANDOM_SPOT_CHECK', 'PRODUCT_SAMPLING', 'ROUTINE')) not null, "result" text check ("result" in ('PASSED', 'DEFECTS_RECTIFIED', 'FAILED')) not null, "findings" text null, "event_id" uuid null, constraint "inspection_pkey" primary key ("id"));`);
    this.addSql(`create index "inspection_uscc_inspected_at_index" on "market"."inspection" ("uscc", "inspected_at");`);

    this.addSql(`create table "market"."credit_event" ("id" uuid not null default gen_random_uuid(), "uscc" varchar(18) not null, "code" varchar(40) not null, "occurred_at" timestamptz not null, "ended_at" timestamptz null, "status" text check ("status" in ('ACTIVE', 'ENDED', 'RESCINDED')) not null default 'ACTIVE', "summary" text not null, "evidence_url" text null, "source_record_id" varchar(100) not null, "recorded_at" timestamptz not null default now(), "recorded_by" varchar(200) null, constraint "credit_event_pkey" primary key ("id"));`);
    this.addSql(`alter table "market"."credit_event" add constraint "credit_event_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`create index "credit_event_uscc_occurred_at_index" on "market"."credit_event" ("uscc", "occurred_at");`);

    this.addSql(`create table "market"."market_list_entry" ("id" uuid not null default gen_random_uuid(), "uscc" varchar(18) not null, "list" text check ("list" in ('ABNORMAL_OPERATION', 'SERIOUS_ILLEGAL_DISHONEST')) not null, "reason" text not null, "listed_at" timestamptz not null, "removed_at" timestamptz null, "event_id" uuid null, constraint "market_list_entry_pkey" primary key ("id"));`);
    this.addSql(`create index "market_list_entry_uscc_listed_at_index" on "market"."market_list_entry" ("uscc", "listed_at");`);

    this.addSql(`create table "market"."penalty" ("id" uuid not null default gen_random_uuid(), "uscc" varchar(18) not null, "decision_number" varchar(60) not null, "decided_at" timestamptz not null, "violation" text not null, "severity" text check ("severity" in ('MINOR', 'GENERAL', 'SERIOUS')) not null, "fine_yuan" int not null default 0, "event_id" uuid null, constraint "penalty_pkey" primary key ("id"));`);
    this.addSql(`alter table "market"."penalty" add constraint "penalty_decision_number_unique" unique ("decision_number");`);
    this.addSql(`create index "penalty_uscc_decided_at_index" on "market"."penalty" ("uscc", "decided_at");`);
  }

}
