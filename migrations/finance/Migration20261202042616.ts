import { Migration } from '@mikro-orm/migrations';

export class Migration20261202042616 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "finance"."loan" add column "source_record_id" varchar(100) null;`);
    this.addSql(`alter table "finance"."loan" add constraint "loan_source_record_id_unique" unique ("source_record_id");`);

    this.addSql(`alter table "finance"."subsidy" add column "source_record_id" varchar(100) null;`);
    this.addSql(`alter table "finance"."subsidy" add constraint "subsidy_source_record_id_unique" unique ("source_record_id");`);

    this.addSql(`alter table "finance"."taxpayer_rating" add column "source_record_id" varchar(100) null;`);
    this.addSql(`alter table "finance"."taxpayer_rating" add constraint "taxpayer_rating_source_record_id_unique" unique ("source_record_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "finance"."loan" drop constraint "loan_source_record_id_unique";`);
    this.addSql(`alter table "finance"."loan" drop column "source_record_id";`);

    this.addSql(`alter table "finance"."subsidy" drop constraint "subsidy_source_record_id_unique";`);
    this.addSql(`alter table "finance"."subsidy" drop column "source_record_id";`);

    this.addSql(`alter table "finance"."taxpayer_rating" drop constraint "taxpayer_rating_source_record_id_unique";`);
    this.addSql(`alter table "finance"."taxpayer_rating" drop column "source_record_id";`);
  }

}
