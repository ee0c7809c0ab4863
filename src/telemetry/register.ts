import { loadTracingConfig } from '../config';

/**
 * Loaded first by main.ts, before anything that loads node:http or pg: when tracing is configured, starts the
 * OpenTelemetry SDK so that its instrumentations patch those modules as they load. Off (the SDK not even loaded)
 * unless OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or TRACING=on is set.
 */
let shutdown: (() => Promise<void>) | undefined;

/** The service on the spans: the hub, one subgraph (`start:subgraph market`) or a command (`evaluate`). */
function serviceName(argv: readonly string[]): string {
  const [command, name] = argv.slice(2);
  if (command === 'start:subgraph' && name) return `credit-hub-${name}`;
  return !command || command === 'start' || command.startsWith('-') ? 'credit-hub' : `credit-hub-${command}`;
}

try {
  const config = loadTracingConfig();
  if (config) {
    // the SDK is loaded only when tracing is on
    const { startTracingSdk } = require('./tracing') as typeof import('./tracing');
    const service = serviceName(process.argv);
    shutdown = startTracingSdk(config, service, service === 'credit-hub');
    // a command that ends by itself (evaluate, import) exports its last spans first
    process.once('beforeExit', () => void flushTraces());
  }
} catch (e) {
  console.error(`credit-hub: ${(e as Error).message}`);
  process.exit(1);
}

/** Exports the spans not yet sent and stops tracing; nothing when tracing is off. */
export async function flushTraces(): Promise<void> {
  const stop = shutdown;
  shutdown = undefined;
  await stop?.().catch(() => undefined);
}
