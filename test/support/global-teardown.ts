export default async function globalTeardown() {
  await (globalThis as { embeddedPostgres?: { stop(): Promise<void> } }).embeddedPostgres?.stop();
}
