import { Migration } from '@mikro-orm/migrations';

export class Migration20261202043140 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "credit"."worklist_notice" ("seq" bigserial primary key, "notice" text check ("notice" in ('NEW', 'OVERDUE')) not null, "item_kind" text check ("item_kind" in ('OBJECTION', 'REPAIR_APPLICATION', 'CONSUMER_REPORT', 'COMMITMENT')) not null, "item_id" uuid not null, "department" varchar(20) not null, "uscc" varchar(18) not null, "subject" text not null, "due_at" timestamptz not null, "at" timestamptz not null default now());`);
    this.addSql(`create index "worklist_notice_department_seq_index" on "credit"."worklist_notice" ("department", "seq");`);
    this.addSql(`alter table "credit"."worklist_notice" add constraint "worklist_notice_item_kind_item_id_notice_unique" unique ("item_kind", "item_id", "notice");`);

    this.addSql(`alter table "credit"."webhook" add column "notices_delivered_through" bigint not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "credit"."worklist_notice" cascade;`);

    this.addSql(`alter table "credit"."webhook" drop column "notices_delivered_through";`);
  }

}
