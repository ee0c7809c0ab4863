import { Migration } from '@mikro-orm/migrations';

export class Migration20261121233832 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "credit"."credit_change" ("seq" bigserial primary key, "uscc" varchar(18) not null, "grade_before" varchar(10) null, "grade_after" varchar(10) not null, "measures_added" jsonb not null, "measures_removed" jsonb not null, "cause" text not null, "occurred_at" timestamptz not null default now());`);
    this.addSql(`create index "credit_change_uscc_seq_index" on "credit"."credit_change" ("uscc", "seq");`);

    this.addSql(`create table "credit"."fact_change" ("seq" bigserial primary key, "uscc" varchar(18) not null, "event_id" uuid not null, "code" varchar(40) not null, "at" timestamptz not null default now());`);

    this.addSql(`create table "credit"."feed_cursor" ("source" varchar(20) not null, "position" bigint not null, constraint "feed_cursor_pkey" primary key ("source"));`);

    this.addSql(`create table "credit"."standing" ("uscc" varchar(18) not null, "grade" varchar(10) not null, "measures" jsonb not null, "assessed_at" timestamptz not null, constraint "standing_pkey" primary key ("uscc"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "credit"."credit_change" cascade;`);

    this.addSql(`drop table if exists "credit"."fact_change" cascade;`);

    this.addSql(`drop table if exists "credit"."feed_cursor" cascade;`);

    this.addSql(`drop table if exists "credit"."standing" cascade;`);
  }

}
