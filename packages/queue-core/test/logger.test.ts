import { describe, expect, it } from 'vitest';
import { runProcess } from './process';

async function logged(env: Record<string, string>): Promise<string> {
  const run = runProcess('log-a-line.mjs', [], env);
  const { code } = await run.exited;
  expect(code).toBe(0);
  return run.output();
}

describe('the logger', () => {
  it('writes one JSON object per line by default', async () => {
    const line = JSON.parse((await logged({})).trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, msg: 'a line to read', queue: 'search-index-realtime' });
  });

  it('writes human-readable lines with LOG_FORMAT=pretty', async () => {
    const output = await logged({ LOG_FORMAT: 'pretty' });
    expect(output).toMatch(/INFO.*: a line to read/);
    expect(output).toContain('queue: "search-index-realtime"');
    expect(output).not.toContain('{"level"');
  });
});
