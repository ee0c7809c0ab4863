import { Migration } from '@mikro-orm/migrations';

export class Migration20261201212727 extends Migration {

  override async up(): Promise<void> {
    // rows of one request written apart (two fetches of one request in distributed mode) become one, as the log now keeps them
    this.addSql(`update "credit"."access_log" l set
      fields = (select jsonb_agg(distinct f order by f) from "credit"."access_log" o, jsonb_array_elements(o.fields) f where o.request_id = l.request_id and o.uscc = l.uscc and o.subject = l.subject),
      outcome = (select case when count(distinct o.outcome) = 1 then min(o.outcome) else 'PARTIAL' end from "credit"."access_log" o where o.request_id = l.request_id and o.uscc = l.uscc and o.subject = l.subject)
      where exists (select 1 from "credit"."access_log" o where o.request_id = l.request_id and o.uscc = l.uscc and o.subject = l.subject and o.id <> l.id);`);
    this.addSql(`delete from "credit"."access_log" l using "credit"."access_log" o where o.request_id = l.request_id and o.uscc = l.uscc and o.subject = l.subject and (o.at, o.id) < (l.at, l.id);`);
    this.addSql(`alter table "credit"."access_log" add constraint "access_log_request_id_uscc_subject_unique" unique ("request_id", "uscc", "subject");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "credit"."access_log" drop constraint "access_log_request_id_uscc_subject_unique";`);
  }

}
