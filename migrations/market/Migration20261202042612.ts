import { Migration } from '@mikro-orm/migrations';

export class Migration20261202042612 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "market"."inspection" add column "source_record_id" varchar(100) null;`);
    this.addSql(`alter table "market"."inspection" add constraint "inspection_source_record_id_unique" unique ("source_record_id");`);

    this.addSql(`alter table "market"."market_list_entry" add column "source_record_id" varchar(100) null;`);
    this.addSql(`alter table "market"."market_list_entry" add constraint "market_list_entry_source_record_id_unique" unique ("source_record_id");`);

    this.addSql(`alter table "market"."penalty" add column "source_record_id" varchar(100) null;`);
    this.addSql(`alter table "market"."penalty" add constraint "penalty_source_record_id_unique" unique ("source_record_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "market"."inspection" drop constraint "inspection_source_record_id_unique";`);
    this.addSql(`alter table "market"."inspection" drop column "source_record_id";`);

    this.addSql(`alter table "market"."market_list_entry" drop constraint "market_list_entry_source_record_id_unique";`);
    this.addSql(`alter table "market"."market_list_entry" drop column "source_record_id";`);

    this.addSql(`alter table "market"."penalty" drop constraint "penalty_source_record_id_unique";`);
    this.addSql(`alter table "market"."penalty" drop column "source_record_id";`);
  }

}
