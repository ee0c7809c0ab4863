import { Migration } from '@mikro-orm/migrations';

export class Migration20261202042626 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "approval"."permit" add column "source_record_id" varchar(100) null;`);
    this.addSql(`alter table "approval"."permit" add constraint "permit_source_record_id_unique" unique ("source_record_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "approval"."permit" drop constraint "permit_source_record_id_unique";`);
    this.addSql(`alter table "approval"."permit" drop column "source_record_id";`);
  }

}
