// The chaos suite (`pnpm test:chaos`): each scenario runs real jobs through the built yg-worker
// against a Redis and a PostgreSQL of the suite's own, breaks something, and prints one line of
// figures. Exit 1 when any scenario found a promise broken. `pnpm test:chaos -- crashes soak`
// runs only the scenarios named.

import type { ScenarioReport } from './report';
import { clamdOutage } from './scenarios/clamd-outage';
import { crashes } from './scenarios/crashes';
import { digestCrash } from './scenarios/digest-crash';
import { digestWipe } from './scenarios/digest-wipe';
import { postgresOutage } from './scenarios/postgres-outage';
import { redisRestart } from './scenarios/redis-restart';
import { slowSmtpShutdown } from './scenarios/slow-smtp-shutdown';
import { smtpOutage } from './scenarios/smtp-outage';
import { soak } from './scenarios/soak';
import { type PostgresServer, postgresServer } from './services/postgres-server';
import { runTeardown } from './services/teardown';

const SCENARIOS: Record<string, (postgres: PostgresServer) => Promise<ScenarioReport>> = {
  crashes,
  'digest-crash': digestCrash,
  'digest-wipe': digestWipe,
  'clamd-outage': clamdOutage,
  'postgres-outage': postgresOutage,
  'redis-restart': redisRestart,
  'slow-smtp-shutdown': slowSmtpShutdown,
  'smtp-outage': smtpOutage,
  soak,
};

async function main(names: string[]): Promise<number> {
  const unknown = names.filter((n) => !(n in SCENARIOS));
  if (unknown.length > 0) {
    process.stderr.write(
      `chaos: no scenario ${unknown.join(', ')} (known: ${Object.keys(SCENARIOS).join(', ')})\n`,
    );
    return 2;
  }
  const chosen = names.length > 0 ? names : Object.keys(SCENARIOS);
  const started = Date.now();
  const postgres = await postgresServer();
  let broken = 0;
  for (const name of chosen) {
    const scenarioStarted = Date.now();
    let report: ScenarioReport;
    try {
      report = await SCENARIOS[name]!(postgres);
    } catch (error) {
      broken++;
      process.stdout.write(`chaos: ${name} ERROR ${(error as Error).stack ?? error}\n`);
      continue;
    }
    const tookS = Math.round((Date.now() - scenarioStarted) / 1000);
    process.stdout.write(`${report.line()} took_s=${tookS}\n`);
    if (report.failures.length > 0) {
      broken++;
      for (const failure of report.failures) process.stdout.write(`chaos: ${name} FAILED: ${failure}\n`);
    }
  }
  const totalS = Math.round((Date.now() - started) / 1000);
  process.stdout.write(
    `chaos: ${chosen.length - broken} of ${chosen.length} scenarios kept every promise in ${totalS} s\n`,
  );
  return broken > 0 ? 1 : 0;
}

// Ctrl-C or a CI timeout: tear down what was started (servers, workers, folders) before going.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void runTeardown().finally(() => process.exit(130));
  });
}

main(process.argv.slice(2).filter((a) => a !== '--'))
  .catch((error: unknown) => {
    process.stderr.write(`chaos: ${(error as Error).stack ?? error}\n`);
    return 1;
  })
  .then(async (code) => {
    await runTeardown();
    process.exit(code);
  });
