import { describe, expect, it } from 'vitest';
import { freePort, start, waitForOutput } from './worker-process';

describe('the queue dashboard', () => {
  it('serves the queue dashboard only behind its password', async () => {
    const port = await freePort();
    const password = 'correct-horse-battery';
    const run = start(['start'], { WORKER_HTTP_PORT: String(port), DASHBOARD_PASSWORD: password });
    await waitForOutput(run, 'worker running');
    const base = `http://127.0.0.1:${port}/admin/queues`;
    const basic = (user: string, pass: string) => ({
      authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`,
    });
    const anonymous = await fetch(base);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect((await fetch(base, { headers: basic('admin', 'correct-horse-batterY') })).status).toBe(401);
    expect((await fetch(`${base}/api/queues`, { headers: basic('admin', 'nope') })).status).toBe(401);

    const page = await fetch(base, { headers: basic('admin', password) });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>yg-jobs</title>');
    const api = await fetch(`${base}/api/queues?page=1&jobsPerPage=10`, {
      headers: basic('admin', password),
    });
    const { queues } = (await api.json()) as { queues: { name: string }[] };
    expect(queues.map((q) => q.name)).toEqual(
      expect.arrayContaining([
        'search-index-realtime',
        'email-send',
        'analytics-aggregate-daily',
        'media-preview',
      ]),
    );
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('has no dashboard without DASHBOARD_PASSWORD', async () => {
    const port = await freePort();
    const run = start(['start'], { WORKER_HTTP_PORT: String(port) });
    await waitForOutput(run, 'worker running');
    expect((await fetch(`http://127.0.0.1:${port}/admin/queues`)).status).toBe(404);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('refuses a short DASHBOARD_PASSWORD', async () => {
    const run = start(['start'], { WORKER_HTTP_PORT: '0', DASHBOARD_PASSWORD: 'short' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('DASHBOARD_PASSWORD: must be at least 12 characters');
    expect(run.output()).not.toContain('short"');
  });
});
