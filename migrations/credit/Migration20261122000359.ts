import { Migration } from '@mikro-orm/migrations';

export class Migration20261122000359 extends Migration {

  override async up(): Promise<void> {
    // snapshots kept before: their dimensions come from the directory, their violations and measures are unknown (empty)
    this.addSql(`alter table "credit"."snapshot" add column "district" varchar(60) not null default '', add column "street" varchar(60) not null default '', add column "trade" varchar(60) not null default '', add column "kind" varchar(30) not null default '', add column "violations" text[] not null default '{}', add column "measures" text[] not null default '{}';`);
    this.addSql(`update "credit"."snapshot" s set district = m.district, street = m.street, trade = m.trade, kind = m.kind from "credit"."merchant" m where m.uscc = s.uscc;`);
    this.addSql(`alter table "credit"."snapshot" alter column "district" drop default, alter column "street" drop default, alter column "trade" drop default, alter column "kind" drop default, alter column "violations" drop default, alter column "measures" drop default;`);
    this.addSql(`create index "snapshot_cycle_trade_index" on "credit"."snapshot" ("cycle", "trade");`);
    this.addSql(`create index "snapshot_cycle_district_street_index" on "credit"."snapshot" ("cycle", "district", "street");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "credit"."snapshot_cycle_trade_index";`);
    this.addSql(`drop index "credit"."snapshot_cycle_district_street_index";`);
    this.addSql(`alter table "credit"."snapshot" drop column "district", drop column "street", drop column "trade", drop column "kind", drop column "violations", drop column "measures";`);
  }

}
