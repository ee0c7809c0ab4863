import { Migration } from '@mikro-orm/migrations';

export class Migration20261121233831 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "finance"."fact_change" ("seq" bigserial primary key, "uscc" varchar(18) not null, "event_id" uuid not null, "code" varchar(40) not null, "at" timestamptz not null default now());`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "finance"."fact_change" cascade;`);
  }

}
