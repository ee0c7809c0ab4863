import { Migration } from '@mikro-orm/migrations';

export class Migration20261121233422 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "approval"."commitment" add column "signed_by" varchar(200) null, add column "verified_by" varchar(200) null, add column "verification_note" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "approval"."commitment" drop column "signed_by", drop column "verified_by", drop column "verification_note";`);
  }

}
