import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@yg/queue-core';
import { mergeExpositions } from './prometheus';
import { currentRuntime, getAllWorkersHealth } from './workers';

export interface HttpServerOptions {
  port: number;
  host: string;
  logger: Logger;
}

/**
 * Liveness (`/livez`), readiness (`/readyz`: Redis answers and workers run), the full health
 * report (`/health`) and Prometheus metrics (`/metrics`) for the queues this process serves.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<Server> {
  const server = createServer((request, response) => {
    const send = (status: number, body: string, type = 'application/json') => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') return send(405, JSON.stringify({ error: 'method not allowed' }));
    const route = async () => {
      switch (path) {
        case '/livez':
          return send(200, JSON.stringify({ status: 'ok' }));
        case '/readyz':
        case '/health': {
          const health = await getAllWorkersHealth();
          const body = path === '/health' ? health : { ready: health.healthy };
          return send(health.healthy ? 200 : 503, JSON.stringify(body));
        }
        case '/metrics': {
          const runtime = currentRuntime();
          const served = runtime?.servedQueues ?? [];
          const texts = await Promise.all(
            served.map((c) => runtime!.client.queue(c).exportPrometheusMetrics()),
          );
          return send(200, mergeExpositions(texts), 'text/plain; version=0.0.4');
        }
        default:
          return send(404, JSON.stringify({ error: 'not found' }));
      }
    };
    route().catch((error: unknown) => {
      options.logger.error({ err: error, path }, 'http handler failed');
      if (!response.headersSent) send(500, JSON.stringify({ error: 'internal error' }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  options.logger.info({ host: options.host, port }, 'http server listening');
  return server;
}
