import { Migration } from '@mikro-orm/migrations';

export class Migration20261121235036 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "credit"."webhook" ("id" uuid not null default gen_random_uuid(), "url" text not null, "owner" varchar(20) not null, "secret" varchar(64) not null, "delivered_through" bigint not null default 0, "failed_attempts" int not null default 0, "next_attempt_at" timestamptz not null default now(), "last_error" text null, "created_at" timestamptz not null default now(), "removed_at" timestamptz null, constraint "webhook_pkey" primary key ("id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "credit"."webhook" cascade;`);
  }

}
