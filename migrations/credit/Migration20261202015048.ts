import { Migration } from '@mikro-orm/migrations';

export class Migration20261202015048 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index "credit"."snapshot_cycle_grade_index";`);

    this.addSql(`alter table "credit"."snapshot" add column "lists" text[] null;`);
    this.addSql(`create index "snapshot_black_list" on "credit"."snapshot" ("cycle", "uscc") where "lists" @> '{BLACK}'::text[];`);
    this.addSql(`create index "snapshot_red_list" on "credit"."snapshot" ("cycle", "uscc") where "lists" @> '{RED}'::text[];`);
    this.addSql(`create index "snapshot_cycle_grade_uscc_index" on "credit"."snapshot" ("cycle", "grade", "uscc");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "credit"."snapshot_black_list";`);
    this.addSql(`drop index "credit"."snapshot_red_list";`);
    this.addSql(`drop index "credit"."snapshot_cycle_grade_uscc_index";`);
    this.addSql(`alter table "credit"."snapshot" drop column "lists";`);

    this.addSql(`create index "snapshot_cycle_grade_index" on "credit"."snapshot" ("cycle", "grade");`);
  }

}
