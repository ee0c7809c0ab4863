import { Migration } from '@mikro-orm/migrations';

export class Migration20261202042425 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "credit"."consent" add column "purposes" text[] not null default '{LOAN_REVIEW}';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "credit"."consent" drop column "purposes";`);
  }

}
