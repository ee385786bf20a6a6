import { deleteKeys, REDIS_URL, until } from '@yg/testing';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownQueues } from '../src/commands/operator-session';
import { freePort, start, testPrefix, waitForOutput } from './worker-process';

// Debian's chromium (tooling/services/ensure-chromium.sh installs it); playwright-core only drives it.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
const PASSWORD = 'correct-horse-battery';
const Q = 'search-index-realtime';
// A translation key shown where its text belongs (`QUEUE.STATUS.ALL`, `MENU.QUEUES`).
const RAW_KEY = /\b(MENU|QUEUE|DASHBOARD|JOB|STATUS)\.[A-Z_.-]+\b/;

const prefix = testPrefix();
const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const queue = new Queue(Q, { connection, prefix });
let browser: Browser;
let base: string;
let run: ReturnType<typeof start>;

beforeAll(async () => {
  // One failed job, made by hand: no worker runs (ENABLE_WORKERS=false), so a retried job stays waiting.
  await queue.add(
    'update',
    { entityType: 'asset', entityId: 'ast_1', operation: 'update' },
    { jobId: 'failed-1' },
  );
  const taker = new Worker(Q, null, { connection, prefix, autorun: false });
  const job = await taker.getNextJob('token');
  await job!.moveToFailed(new Error('search document rejected'), 'token', false);
  await taker.close();

  const port = await freePort();
  run = start(['start'], {
    BULLMQ_PREFIX: prefix,
    WORKER_HTTP_PORT: String(port),
    DASHBOARD_PASSWORD: PASSWORD,
    ENABLE_WORKERS: 'false',
  });
  await waitForOutput(run, 'worker running');
  base = `http://127.0.0.1:${port}/admin/queues`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  run?.child.kill('SIGTERM');
  await run?.exited;
  await queue.close();
  await deleteKeys(connection, prefix);
  await connection.quit();
});

async function pageAs(credentials?: { username: string; password: string }): Promise<Page> {
  const context = await browser.newContext(credentials ? { httpCredentials: credentials } : {});
  return context.newPage();
}

/** The text a person sees (CSS applied), where textContent would include hidden nodes. */
function visibleText(page: Page): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what this test checks
  return page.innerText('body');
}

/** bull-board's job actions are icon buttons named only by the tooltip shown on hover. */
async function iconButton(page: Page, tooltip: string) {
  const buttons = page.locator('button:has(svg)');
  for (let i = 0; i < (await buttons.count()); i++) {
    const button = buttons.nth(i);
    if (!(await button.isVisible())) continue;
    await button.hover();
    const tip = page.getByText(tooltip, { exact: true });
    const shown = await tip
      .first()
      .waitFor({ timeout: 1000 })
      .then(
        () => true,
        () => false,
      );
    if (shown) return button;
  }
  throw new Error(`no button with the tooltip "${tooltip}"`);
}

describe('the dashboard in a real browser', () => {
  it('shows nothing without credentials, or with wrong ones', { timeout: 60_000 }, async () => {
    for (const credentials of [undefined, { username: 'admin', password: 'correct-horse-batterY' }]) {
      const page = await pageAs(credentials);
      // Headless Chromium shows no login prompt: without credentials it shows the 401's body, with
      // wrong ones it gives up the navigation.
      const outcome = await page.goto(base).catch((error: Error) => error);
      if (outcome instanceof Error) expect(outcome.message).toContain('ERR_INVALID_AUTH_CREDENTIALS');
      else expect(outcome?.status()).toBe(401);
      expect(await visibleText(page)).not.toContain(Q);
      for (const path of ['', '/api/queues', `/api/queues/${Q}/failed/failed-1`]) {
        const response = await page.request.get(`${base}${path}`);
        expect(response.status()).toBe(401);
        expect(await response.text()).toBe('authentication required');
      }
      await page.context().close();
    }
  });

  it('after logging in: every queue, in words rather than translation keys; a failed job opened and retried', async () => {
    const page = await pageAs({ username: 'admin', password: PASSWORD });
    expect((await page.goto(base))?.status()).toBe(200);
    for (const name of knownQueues) await page.getByText(name, { exact: true }).first().waitFor();
    // The queue with its failed job: "1 Job" is DASHBOARD.JOBS_COUNT_one, translated.
    await page.getByText('1 Job', { exact: true }).first().waitFor();
    const overview = await visibleText(page);
    expect(overview).not.toMatch(RAW_KEY);
    expect(overview).toContain('QUEUES');

    await page.getByText(Q, { exact: true }).first().click();
    await page.getByText('FAILED', { exact: true }).first().click();
    await page.getByText('search document rejected').first().waitFor();
    expect(await page.getByText('failed-1', { exact: true }).isVisible()).toBe(true);
    expect(await visibleText(page)).not.toMatch(RAW_KEY);
    expect(await page.getByText('Retry all', { exact: true }).isVisible()).toBe(true);

    await (await iconButton(page, 'Retry')).click();
    await page.getByText('Are you sure that you want to retry this job?').waitFor();
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await until(async () => (await (await queue.getJob('failed-1'))?.getState()) === 'waiting');
    expect(await queue.getFailedCount()).toBe(0);
    await page.context().close();
  }, 120_000);

  it('opened with the login in its URL, shows words, not translation keys', async () => {
    // The case of the raw keys: fetch() refuses a URL with credentials, and the translations
    // were loaded with fetch() from a base URL that carried them (see dashboard.ts).
    const page = await pageAs();
    const withLogin = base.replace('http://', `http://admin:${PASSWORD}@`);
    expect((await page.goto(withLogin))?.status()).toBe(200);
    await page.getByText('blog-publishing', { exact: true }).first().waitFor();
    await page
      .getByText(/^\d+ Jobs?$/)
      .first()
      .waitFor();
    const text = await visibleText(page);
    expect(text).not.toMatch(RAW_KEY);
    expect(text).toContain('ALL');
    await page.context().close();
  }, 60_000);
});
