import { Migration } from '@mikro-orm/migrations';

export class Migration20261201212727 extends Migration {

  override async up(): Promise<void> {
    // times to the millisecond, as the log now records them and its cursor carries them
    this.addSql(`update "credit"."access_log" set at = date_trunc('milliseconds', at) where at <> date_trunc('milliseconds', at);`);
    // parts of one request written apart at the same time (two fetches of a request in distributed mode) become one row
    this.addSql(`update "credit"."access_log" l set
      fields = (select jsonb_agg(distinct f order by f) from "credit"."access_log" o, jsonb_array_elements(o.fields) f where (o.request_id, o.uscc, o.subject, o.at) = (l.request_id, l.uscc, l.subject, l.at)),
      outcome = (select case when count(distinct o.outcome) = 1 then min(o.outcome) else 'PARTIAL' end from "credit"."access_log" o where (o.request_id, o.uscc, o.subject, o.at) = (l.request_id, l.uscc, l.subject, l.at))
      where exists (select 1 from "credit"."access_log" o where (o.request_id, o.uscc, o.subject, o.at) = (l.request_id, l.uscc, l.subject, l.at) and o.id <> l.id);`);
    this.addSql(`delete from "credit"."access_log" l using "credit"."access_log" o where (o.request_id, o.uscc, o.subject, o.at) = (l.request_id, l.uscc, l.subject, l.at) and o.id < l.id;`);
    this.addSql(`alter table "credit"."access_log" add constraint "access_log_request_id_uscc_subject_at_unique" unique ("request_id", "uscc", "subject", "at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "credit"."access_log" drop constraint "access_log_request_id_uscc_subject_at_unique";`);
  }

}
