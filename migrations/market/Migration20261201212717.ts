import { Migration } from '@mikro-orm/migrations';

export class Migration20261201212717 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "market"."access_log" ("id" uuid not null default gen_random_uuid(), "at" timestamptz not null default now(), "uscc" varchar(18) not null, "subject" varchar(200) not null, "org" varchar(200) null, "role" varchar(200) not null, "department" varchar(20) null, "purpose" text null, "fields" jsonb not null, "operation" varchar(200) null, "request_id" varchar(100) not null, "outcome" varchar(10) not null, constraint "access_log_pkey" primary key ("id"));`);
    this.addSql(`create index "access_log_uscc_at_id_index" on "market"."access_log" ("uscc", "at", "id");`);
    this.addSql(`alter table "market"."access_log" add constraint "access_log_request_id_uscc_subject_at_unique" unique ("request_id", "uscc", "subject", "at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "market"."access_log" cascade;`);
  }

}
