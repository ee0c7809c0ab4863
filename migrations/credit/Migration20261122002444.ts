import { Migration } from '@mikro-orm/migrations';

export class Migration20261122002444 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "credit"."snapshot_summary" ("cycle" varchar(20) not null, "district" varchar(60) not null, "street" varchar(60) not null, "trade" varchar(60) not null, "kind" varchar(30) not null, "grade" varchar(10) not null, "merchants" int not null, constraint "snapshot_summary_pkey" primary key ("cycle", "district", "street", "trade", "kind", "grade"));`);

    this.addSql(`create table "credit"."snapshot_tally" ("cycle" varchar(20) not null, "tally" varchar(10) not null, "item" varchar(60) not null, "merchants" int not null, constraint "snapshot_tally_pkey" primary key ("cycle", "tally", "item"));`);
    // cycles evaluated before: their sums from their snapshots
    this.addSql(`insert into "credit"."snapshot_summary" (cycle, district, street, trade, kind, grade, merchants) select cycle, district, street, trade, kind, grade, count(*) from "credit"."snapshot" group by cycle, district, street, trade, kind, grade;`);
    this.addSql(`insert into "credit"."snapshot_tally" (cycle, tally, item, merchants) select cycle, 'violation', v, count(*) from "credit"."snapshot", unnest(violations) v group by cycle, v union all select cycle, 'measure', m, count(*) from "credit"."snapshot", unnest(measures) m group by cycle, m;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "credit"."snapshot_summary" cascade;`);

    this.addSql(`drop table if exists "credit"."snapshot_tally" cascade;`);
  }

}
