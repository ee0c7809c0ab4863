import { Migration } from '@mikro-orm/migrations';

export class Migration20261201220011 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "credit"."feed_problem" ("uscc" varchar(18) not null, "reason" text not null, "at" timestamptz not null, constraint "feed_problem_pkey" primary key ("uscc"));`);

    this.addSql(`alter table "credit"."evaluation" add column "unjudged" jsonb not null default '[]';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "credit"."feed_problem" cascade;`);

    this.addSql(`alter table "credit"."evaluation" drop column "unjudged";`);
  }

}
