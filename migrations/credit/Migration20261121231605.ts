import { Migration } from '@mikro-orm/migrations';

export class Migration20261121231605 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "credit"."access_log" ("id" uuid not null default gen_random_uuid(), "at" timestamptz not null default now(), "uscc" varchar(18) not null, "subject" varchar(200) not null, "org" varchar(200) null, "role" varchar(200) not null, "department" varchar(20) null, "purpose" text null, "fields" jsonb not null, "operation" varchar(200) null, "request_id" varchar(100) not null, "outcome" varchar(10) not null, constraint "access_log_pkey" primary key ("id"));`);
    this.addSql(`create index "access_log_uscc_at_id_index" on "credit"."access_log" ("uscc", "at", "id");`);

    this.addSql(`create table "credit"."consent" ("uscc" varchar(18) not null, "org" varchar(200) not null, "granted_at" timestamptz not null, "until" timestamptz not null, "revoked_at" timestamptz null, constraint "consent_pkey" primary key ("uscc", "org"));`);
    this.addSql(`create index "consent_org_uscc_index" on "credit"."consent" ("org", "uscc");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "credit"."access_log" cascade;`);

    this.addSql(`drop table if exists "credit"."consent" cascade;`);
  }

}
