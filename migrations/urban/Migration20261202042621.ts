import { Migration } from '@mikro-orm/migrations';

export class Migration20261202042621 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "urban"."conduct_record" add column "source_record_id" varchar(100) null;`);
    this.addSql(`alter table "urban"."conduct_record" add constraint "conduct_record_source_record_id_unique" unique ("source_record_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "urban"."conduct_record" drop constraint "conduct_record_source_record_id_unique";`);
    this.addSql(`alter table "urban"."conduct_record" drop column "source_record_id";`);
  }

}
