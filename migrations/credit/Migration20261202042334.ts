import { Migration } from '@mikro-orm/migrations';

export class Migration20261202042334 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "credit"."inspection_draw_member" ("draw_id" uuid not null, "uscc" varchar(18) not null, "risk_class" varchar(10) not null, "drawn" boolean not null, constraint "inspection_draw_member_pkey" primary key ("draw_id", "uscc"));`);
    this.addSql(`create index "inspection_draw_member_drawn" on "credit"."inspection_draw_member" ("draw_id", "uscc") where "drawn";`);

    this.addSql(`create table "credit"."inspection_draw" ("id" uuid not null, "task" varchar(100) not null, "seed" varchar(200) not null, "classes" jsonb not null, "cycle" varchar(20) not null, "population_as_of" timestamptz not null, "population_digest" varchar(64) not null, "drawn_at" timestamptz not null, "drawn_by" varchar(200) not null, constraint "inspection_draw_pkey" primary key ("id"));`);
    this.addSql(`alter table "credit"."inspection_draw" add constraint "inspection_draw_task_unique" unique ("task");`);

    this.addSql(`alter table "credit"."snapshot" add column "risk_class" varchar(10) null;`);
    this.addSql(`create index "snapshot_cycle_risk_class_uscc_index" on "credit"."snapshot" ("cycle", "risk_class", "uscc");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "credit"."inspection_draw_member" cascade;`);

    this.addSql(`drop table if exists "credit"."inspection_draw" cascade;`);

    this.addSql(`drop index "credit"."snapshot_cycle_risk_class_uscc_index";`);
    this.addSql(`alter table "credit"."snapshot" drop column "risk_class";`);
  }

}
