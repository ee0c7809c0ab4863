import { Migration } from '@mikro-orm/migrations';

export class Migration20261121233424 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "urban"."consumer_report" add column "dispatched_to" varchar(200) null, add column "code" varchar(40) null, add column "decided_by" varchar(200) null, add column "finding" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "urban"."consumer_report" drop column "dispatched_to", drop column "code", drop column "decided_by", drop column "finding";`);
  }

}
