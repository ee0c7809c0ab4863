import { Migration } from '@mikro-orm/migrations';

export class Migration20261121224341 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "urban";`);
    this.addSql(`create table "urban"."conduct_record" ("id" uuid not null default gen_random_uuid(), "uscc" varchar(18) not null, "observed_at" timestamptz not null, "code" varchar(40) not null, "behaviour" text not null, "location" text not null, "officer" varchar(100) null, "photo_url" text null, "event_id" uuid null, constraint "conduct_record_pkey" primary key ("id"));`);
    this.addSql(`create index "conduct_record_uscc_observed_at_index" on "urban"."conduct_record" ("uscc", "observed_at");`);

    this.addSql(`create table "urban"."consumer_report" ("id" uuid not null default gen_random_uuid(), "uscc" varchar(18) not null, "submitted_at" timestamptz not null, "text" text not null, "photo_url" text null, "status" text check ("status" in ('SUBMITTED', 'DISPATCHED', 'VERIFIED', 'REJECTED')) not null, "verified_at" timestamptz null, "event_id" uuid null, constraint "consumer_report_pkey" primary key ("id"));`);
    this.addSql(`create index "consumer_report_uscc_submitted_at_index" on "urban"."consumer_report" ("uscc", "submitted_at");`);

    this.addSql(`create table "urban"."credit_event" ("id" uuid not null default gen_random_uuid(), "uscc" varchar(18) not null, "code" varchar(40) not null, "occurred_at" timestamptz not null, "ended_at" timestamptz null, "status" text check ("status" in ('ACTIVE', 'ENDED', 'RESCINDED')) not null default 'ACTIVE', "summary" text not null, "evidence_url" text null, "source_record_id" varchar(100) not null, "recorded_at" timestamptz not null default now(), "recorded_by" varchar(200) null, constraint "credit_event_pkey" primary key ("id"));`);
    this.addSql(`alter table "urban"."credit_event" add constraint "credit_event_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`create index "credit_event_uscc_occurred_at_index" on "urban"."credit_event" ("uscc", "occurred_at");`);
  }

}
