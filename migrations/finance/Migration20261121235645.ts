import { Migration } from '@mikro-orm/migrations';

export class Migration20261121235645 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "finance"."credit_event" drop constraint if exists "credit_event_status_check";`);

    this.addSql(`alter table "finance"."credit_event" add constraint "credit_event_status_check" check("status" in ('ACTIVE', 'ENDED', 'RESCINDED', 'EXPIRED'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "finance"."credit_event" drop constraint if exists "credit_event_status_check";`);

    this.addSql(`alter table "finance"."credit_event" add constraint "credit_event_status_check" check("status" in ('ACTIVE', 'ENDED', 'RESCINDED'));`);
  }

}
