import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import express from 'express';

export interface DashboardOptions {
  /** Where it is served. @defaultValue `/admin/queues` */
  basePath: string;
  user: string;
  password: string;
  /** Show jobs but offer no retry, clean or remove. */
  readOnly: boolean;
}

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * bull-board over the given queues, behind HTTP Basic authentication: it can retry, promote and
 * delete jobs, so it never runs open.
 */
export function createDashboard(queues: readonly Queue[], options: DashboardOptions): RequestHandler {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(options.basePath);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: options.readOnly })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'yg-jobs' } },
  });
  const app = express();
  app.disable('x-powered-by');
  app.use(options.basePath, withoutUrlCredentials, serverAdapter.getRouter());
  const expected = digest(`${options.user}:${options.password}`);
  return (request, response) => {
    if (!authorized(request.headers.authorization, expected)) {
      response.writeHead(401, { 'www-authenticate': 'Basic realm="yg-jobs dashboard", charset="UTF-8"' });
      response.end('authentication required');
      return;
    }
    app(request as express.Request, response as express.Response);
  };
}

/**
 * Opened as `http://user:password@host/admin/queues` (a screenshot tool, a link with the login in
 * it), the page's base URL carries the credentials. bull-board loads its translations with
 * `fetch()`, which refuses such a URL (Fetch: "Request cannot be constructed from a URL that
 * includes credentials"), while its API calls (XMLHttpRequest) and scripts accept it: the page
 * rendered with raw keys (`QUEUE.STATUS.ALL`, `MENU.QUEUES`). A script placed before bull-board's
 * takes the credentials off the URLs given to `fetch()`: the browser keeps sending the login it
 * already gave this origin. (Rewriting `<base>` instead breaks bull-board's router, which takes its
 * path from that element.)
 */
const STRIP_URL_CREDENTIALS =
  '<script>(function(){var f=window.fetch;if(!f)return;window.fetch=function(i,o){' +
  'if(typeof i==="string"){var u=new URL(i,document.baseURI);' +
  'if(u.username||u.password){u.username="";u.password="";i=u.href;}}return f.call(this,i,o);};})();</script>';

function withoutUrlCredentials(
  _request: express.Request,
  response: express.Response,
  next: express.NextFunction,
) {
  const send = response.send.bind(response);
  response.send = (body?: unknown) => {
    const html = typeof body === 'string' && /^\s*<!DOCTYPE html>/i.test(body);
    return send(html ? body.replace(/(<base [^>]*>)/, `$1${STRIP_URL_CREDENTIALS}`) : body);
  };
  next();
}

function authorized(header: string | undefined, expected: Buffer): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const given = digest(Buffer.from(header.slice(6), 'base64').toString('utf8'));
  // Digests of equal length compared in constant time: response times tell nothing of the password.
  return timingSafeEqual(given, expected);
}

function digest(credentials: string): Buffer {
  return createHash('sha256').update(credentials).digest();
}
