import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { allContracts } from '@yg/job-contracts';
import { ConfigError, getQueueClient, type Logger } from '@yg/queue-core';
import type { WorkerAppConfig } from './app-config';
import type { RequestHandler } from './dashboard';
import { currentMetrics, getAllWorkersHealth } from './workers';

export interface HttpServerOptions {
  port: number;
  host: string;
  logger: Logger;
  dashboard?: WorkerAppConfig['dashboard'];
}

const DASHBOARD_PATH = '/admin/queues';

/**
 * Liveness (`/livez`), readiness (`/readyz`: Redis and PostgreSQL answer, workers run), the full
 * health report (`/health`), Prometheus metrics (`/metrics`) for the queues this process serves,
 * and, when a password is configured, the queue dashboard (`/admin/queues`) over every queue.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<Server> {
  let dashboard: Promise<RequestHandler> | undefined;
  const server = createServer((request, response) => {
    const send = (status: number, body: string, type = 'application/json') => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (path === DASHBOARD_PATH || path.startsWith(`${DASHBOARD_PATH}/`)) {
      if (!options.dashboard)
        return send(404, JSON.stringify({ error: 'dashboard disabled: set DASHBOARD_PASSWORD' }));
      const settings = options.dashboard;
      // Loaded and built on first use: it opens the queues, and bull-board with express weighs
      // ~15 MiB that most processes, never serving it, should not carry.
      dashboard ??= import('./dashboard').then(({ createDashboard }) =>
        createDashboard(
          [...new Set(allContracts.map((c) => c.queue))].map((name) => getQueueClient().queue(name)),
          { basePath: DASHBOARD_PATH, ...settings },
        ),
      );
      dashboard.then(
        (handle) => handle(request, response),
        (error: unknown) => {
          options.logger.error({ err: error, path }, 'dashboard failed to load');
          if (!response.headersSent) send(500, JSON.stringify({ error: 'internal error' }));
        },
      );
      return;
    }
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
          const metrics = currentMetrics();
          if (!metrics) return send(503, JSON.stringify({ error: 'workers not started' }));
          const { body, contentType } = await metrics.exposition();
          return send(200, body, contentType);
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
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, options)));
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  options.logger.info({ host: options.host, port }, 'http server listening');
  return server;
}

/** A port or address that cannot be had is a matter of configuration: say which variable. */
function listenError(error: NodeJS.ErrnoException, { host, port }: HttpServerOptions): Error {
  const where = `${host}:${port}`;
  if (error.code === 'EADDRINUSE') {
    return new ConfigError(
      'WORKER_HTTP_PORT',
      `${where} is already in use (another yg-worker?); set WORKER_HTTP_PORT to a free port, or 0 to run without the HTTP server`,
    );
  }
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'EACCES') {
    return new ConfigError(
      error.code === 'EACCES' ? 'WORKER_HTTP_PORT' : 'WORKER_HTTP_HOST',
      `cannot listen on ${where} (${error.code}); set WORKER_HTTP_HOST / WORKER_HTTP_PORT, or WORKER_HTTP_PORT=0 to run without the HTTP server`,
    );
  }
  return error;
}
