import { Migration } from '@mikro-orm/migrations';

export class Migration20261202043105 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "approval"."commitment" drop constraint if exists "commitment_status_check";`);

    this.addSql(`alter table "approval"."commitment" add column "fulfilled_late_at" timestamptz null;`);
    this.addSql(`alter table "approval"."commitment" add constraint "commitment_status_check" check("status" in ('PENDING', 'FULFILLED', 'BREACHED', 'FULFILLED_LATE'));`);
    this.addSql(`create index "commitment_pending_due" on "approval"."commitment" ("due_date") where "status" = 'PENDING';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "approval"."commitment" drop constraint if exists "commitment_status_check";`);

    this.addSql(`drop index "approval"."commitment_pending_due";`);
    this.addSql(`alter table "approval"."commitment" drop column "fulfilled_late_at";`);

    this.addSql(`alter table "approval"."commitment" add constraint "commitment_status_check" check("status" in ('PENDING', 'FULFILLED', 'BREACHED'));`);
  }

}
