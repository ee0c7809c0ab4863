import { Migration } from '@mikro-orm/migrations';

export class Migration20261202042901 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "credit"."rules_change" ("seq" bigserial primary key, "change" text not null, "at" timestamptz not null default now());`);

    this.addSql(`alter table "credit"."feed_cursor" add column "after_merchant" varchar(18) null;`);

    this.addSql(`alter table "credit"."standing" add column "endings" jsonb null, add column "changes_at" timestamptz null;`);
    this.addSql(`create index "standing_changes_at_index" on "credit"."standing" ("changes_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "credit"."rules_change" cascade;`);

    this.addSql(`alter table "credit"."feed_cursor" drop column "after_merchant";`);

    this.addSql(`drop index "credit"."standing_changes_at_index";`);
    this.addSql(`alter table "credit"."standing" drop column "endings", drop column "changes_at";`);
  }

}
