import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { SubgraphName } from '../config';
import { bulkInsert } from '../db/bulk';
import type { Subgraph } from '../subgraphs/subgraph';
import { demoMerchants } from '../demo/city';
import { Random } from '../demo/random';
import type { DemoMerchant, DemoRows } from '../demo/types';

export interface SeedOptions {
  count: number;
  seed: number;
  today: Date;
  batchSize?: number;
  onProgress?: (done: number) => void;
}

/**
 * Writes the demo city in batches, streaming: the directory into the credit schema, each department's
 * facts into its own schema through its own connection. Rows already present are skipped.
 */
export async function seedDemoCity(subgraphs: readonly Subgraph[], orms: Record<SubgraphName, MikroORM>, o: SeedOptions): Promise<number> {
  const batchSize = o.batchSize ?? 1000;
  let batch: DemoMerchant[] = [];
  let done = 0;
  const flush = async () => {
    await Promise.all([writeDirectory(orms.credit, batch), ...subgraphs.filter((s) => s.demo).map((s) => writeFacts(s, orms[s.name], batch, o))]);
    done += batch.length;
    batch = [];
    o.onProgress?.(done);
  };
  for (const merchant of demoMerchants(o.count, o.seed, o.today)) {
    batch.push(merchant);
    if (batch.length === batchSize) await flush();
  }
  if (batch.length) await flush();
  return done;
}

function writeDirectory(orm: MikroORM, merchants: DemoMerchant[]) {
  const rows = merchants.map((m) => ({
    uscc: m.uscc,
    name: m.name,
    kind: m.kind,
    trade: m.trade,
    district: m.district,
    street: m.street,
    address: m.address,
    operator_name: m.operator.name,
    operator_id_number: m.operator.idNumber,
    operator_phone: m.operator.phone,
    // QR tokens stay unguessable even in a demo city built from a known seed
    qr_token: randomBytes(16).toString('base64url'),
    registered_at: m.openedAt,
  }));
  return bulkInsert(orm.em.getConnection(), '"credit"."merchant"', rows, '(uscc)');
}

async function writeFacts(subgraph: Subgraph, orm: MikroORM, merchants: DemoMerchant[], o: SeedOptions) {
  const tables: DemoRows = {};
  for (const m of merchants) {
    const rng = new Random((o.seed ^ Math.imul(m.index + 1, 0x85ebca6b) ^ hash(subgraph.name)) >>> 0);
    for (const [table, rows] of Object.entries(subgraph.demo!.facts(m, rng, o.today))) (tables[table] ??= []).push(...rows);
  }
  const conn = orm.em.getConnection();
  for (const [table, rows] of Object.entries(tables)) {
    for (let i = 0; i < rows.length; i += 5000) await bulkInsert(conn, `"${subgraph.name}"."${table}"`, rows.slice(i, i + 5000));
  }
}

function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h;
}
