import { Migration } from '@mikro-orm/migrations';

export class Migration20261121230259 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "credit"."evaluation" ("cycle" varchar(20) not null, "started_at" timestamptz not null, "finished_at" timestamptz null, "merchants" int not null default 0, "evaluated_at" timestamptz not null, constraint "evaluation_pkey" primary key ("cycle"));`);

    this.addSql(`create table "credit"."measure" ("id" varchar(60) not null, "definition" jsonb not null, "created_at" timestamptz not null default now(), "created_by" varchar(200) null, "retired_at" timestamptz null, constraint "measure_pkey" primary key ("id"));`);

    this.addSql(`create table "credit"."objection" ("id" uuid not null default gen_random_uuid(), "event_id" uuid not null, "uscc" varchar(18) not null, "department" varchar(20) not null, "code" varchar(40) not null, "reason" text not null, "filed_at" timestamptz not null default now(), "filed_by" varchar(200) not null, "state" text check ("state" in ('PENDING', 'UPHELD', 'REVOKED')) not null default 'PENDING', "decided_at" timestamptz null, "decided_by" varchar(200) null, "decision_note" text null, constraint "objection_pkey" primary key ("id"));`);
    this.addSql(`create index "objection_uscc_filed_at_index" on "credit"."objection" ("uscc", "filed_at");`);
    this.addSql(`create unique index "objection_one_pending" on "credit"."objection" ("event_id") where "state" = 'PENDING';`);

    this.addSql(`create table "credit"."repair_application" ("id" uuid not null default gen_random_uuid(), "event_id" uuid not null, "uscc" varchar(18) not null, "department" varchar(20) not null, "code" varchar(40) not null, "statement" text not null, "applied_at" timestamptz not null default now(), "applied_by" varchar(200) not null, "state" text check ("state" in ('PENDING', 'APPROVED', 'REJECTED')) not null default 'PENDING', "decided_at" timestamptz null, "decided_by" varchar(200) null, constraint "repair_application_pkey" primary key ("id"));`);
    this.addSql(`create index "repair_application_uscc_applied_at_index" on "credit"."repair_application" ("uscc", "applied_at");`);
    this.addSql(`create unique index "repair_one_open" on "credit"."repair_application" ("event_id") where "state" in ('PENDING', 'APPROVED');`);

    this.addSql(`create table "credit"."scheme" ("id" varchar(60) not null, "version" int not null, "definition" jsonb not null, "created_at" timestamptz not null default now(), "created_by" varchar(200) null, constraint "scheme_pkey" primary key ("id", "version"));`);

    this.addSql(`create table "credit"."snapshot" ("cycle" varchar(20) not null, "uscc" varchar(18) not null, "score" int not null, "grade" varchar(10) not null, "scheme_id" varchar(60) not null, "scheme_version" int not null, "digest" varchar(64) not null, "evaluated_at" timestamptz not null, constraint "snapshot_pkey" primary key ("cycle", "uscc"));`);
    this.addSql(`create index "snapshot_cycle_grade_index" on "credit"."snapshot" ("cycle", "grade");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "credit"."evaluation" cascade;`);

    this.addSql(`drop table if exists "credit"."measure" cascade;`);

    this.addSql(`drop table if exists "credit"."objection" cascade;`);

    this.addSql(`drop table if exists "credit"."repair_application" cascade;`);

    this.addSql(`drop table if exists "credit"."scheme" cascade;`);

    this.addSql(`drop table if exists "credit"."snapshot" cascade;`);
  }

}
