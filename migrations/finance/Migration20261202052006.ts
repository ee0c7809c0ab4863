import { Migration } from '@mikro-orm/migrations';

export class Migration20261202052006 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "finance"."fact_change" add column "change" varchar(8) not null default 'RECORDED';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "finance"."fact_change" drop column "change";`);
  }

}
