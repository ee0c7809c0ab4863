import { Migration } from '@mikro-orm/migrations';

export class Migration20261121224342 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "approval";`);
    this.addSql(`create table "approval"."credit_event" ("id" uuid not null default gen_random_uuid(), "uscc" varchar(18) not null, "code" varchar(40) not null, "occurred_at" timestamptz not null, "ended_at" timestamptz null, "status" text check ("status" in ('ACTIVE', 'ENDED', 'RESCINDED')) not null default 'ACTIVE', "summary" text not null, "evidence_url" text null, "source_record_id" varchar(100) not null, "recorded_at" timestamptz not null default now(), "recorded_by" varchar(200) null, constraint "credit_event_pkey" primary key ("id"));`);
    this.addSql(`alter table "approval"."credit_event" add constraint "credit_event_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`create index "credit_event_uscc_occurred_at_index" on "approval"."credit_event" ("uscc", "occurred_at");`);

    this.addSql(`create table "approval"."commitment" ("id" uuid not null default gen_random_uuid(), "uscc" varchar(18) not null, "matter" varchar(200) not null, "signed_at" timestamptz not null, "due_date" timestamptz not null, "status" text check ("status" in ('PENDING', 'FULFILLED', 'BREACHED')) not null, "verified_at" timestamptz null, "source_record_id" varchar(100) not null, "event_id" uuid null, constraint "commitment_pkey" primary key ("id"));`);
    this.addSql(`alter table "approval"."commitment" add constraint "commitment_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`create index "commitment_uscc_signed_at_index" on "approval"."commitment" ("uscc", "signed_at");`);

    this.addSql(`create table "approval"."permit" ("id" uuid not null default gen_random_uuid(), "uscc" varchar(18) not null, "matter" varchar(100) not null, "permit_number" varchar(60) not null, "issued_at" timestamptz not null, "valid_until" timestamptz null, "status" text check ("status" in ('VALID', 'EXPIRED', 'REVOKED')) not null, "event_id" uuid null, constraint "permit_pkey" primary key ("id"));`);
    this.addSql(`alter table "approval"."permit" add constraint "permit_permit_number_unique" unique ("permit_number");`);
    this.addSql(`create index "permit_uscc_issued_at_index" on "approval"."permit" ("uscc", "issued_at");`);
  }

}
