/**
 * The data-access peer: PostGraphile 5 serving the same rows through its own generated schema, over views of
 * the hub's tables (schema `peer`, made with the benchmark city). No credit judgment: it reads, it does not judge.
 * Plain JavaScript in a package of its own (package.json beside it), which `npm run bench` installs when missing:
 * the hub's install does not carry PostGraphile, whose packages ask for Node 22.
 */
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

// PostGraphile 5 is written for Node 22, whose Promise.withResolvers is all it lacks on Node 20
Promise.withResolvers ??= () => {
  let resolve;
  let reject;
  const promise = new Promise((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
};

async function main() {
  /** @type {GraphileConfig.Preset} */
  const preset = {
    extends: [PostGraphileAmberPreset],
    pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ['peer'], poolConfig: { max: Number(process.env.DB_POOL_MAX ?? 10) } })],
    grafserv: { graphqlPath: '/graphql' },
  };
  const serv = postgraphile(preset).createServ(grafserv);
  const server = createServer();
  await serv.addTo(server);
  server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.({ url: `http://127.0.0.1:${process.env.PORT}/graphql` }));
  process.once('SIGTERM', () => server.close(() => void serv.release().then(() => process.exit(0))));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
