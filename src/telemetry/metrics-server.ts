import { createServer, type Server } from 'node:http';
import type { Logger } from '../logger';
import { METRICS_CONTENT_TYPE, metricsText } from './metrics';

export interface MetricsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * /metrics on a port of its own (never the API's): Prometheus scrapes it there, and the public, which reaches only
 * the API's port, never sees it. It answers GET /metrics and nothing else.
 */
export function startMetricsServer(host: string, port: number, log: Logger): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('the metrics are at GET /metrics\n');
      return;
    }
    metricsText().then(
      (text) => res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE }).end(req.method === 'HEAD' ? undefined : text),
      (err) => {
        log.error({ err }, 'metrics not collected');
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('the metrics could not be collected\n');
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new Error(
          e.code === 'EADDRINUSE'
            ? `metrics port ${port} is already in use (set METRICS_PORT to another)`
            : `cannot serve metrics on ${host}:${port}: ${e.message}`,
        ),
      ),
    );
    server.listen(port, host, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shown === '0.0.0.0' ? '127.0.0.1' : shown === '[::]' ? '[::1]' : shown}:${bound}/metrics`,
        port: bound,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
