import type { AbstractSqlConnection } from '@mikro-orm/postgresql';

type Row = Record<string, unknown>;

/**
 * Inserts rows in one statement: PostgreSQL reads them as JSON into the table's own row type, so every
 * column is cast by the table itself. Rows that conflict with stored ones (on `conflict`, or any unique
 * constraint) are skipped, so writing a batch twice writes it once. Returns how many rows were written.
 */
export async function bulkInsert(conn: AbstractSqlConnection, table: string, rows: readonly Row[], conflict = ''): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = Object.keys(rows[0]!)
    .map((c) => `"${c}"`)
    .join(', ');
  // knex sends the JSON as a bind parameter; the ORM's execute() would escape it into the statement's text
  const result = await conn
    .getKnex()
    .raw(`insert into ${table} (${columns}) select ${columns} from json_populate_recordset(null::${table}, ?::json) on conflict ${conflict} do nothing`, [
      JSON.stringify(rows),
    ]);
  return (result as { rowCount: number }).rowCount;
}
