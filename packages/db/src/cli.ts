#!/usr/bin/env node
// yg-db migrate [--create]               apply pending migrations to DATABASE_URL (creating it first)
// yg-db resolve --rolled-back <name>     unblock after a failed migration was dealt with
// yg-db seed [--assets N] [--seed N]     fill DATABASE_URL with deterministic demo data
import { redactDatabaseUrl, resolveDatabaseUrl } from './database-url';
import { migrate, resolveRolledBack } from './migrate/applier';
import { ensureDatabase } from './server-admin';

const USAGE = [
  'Usage:',
  '  yg-db migrate [--create]                          apply pending migrations to DATABASE_URL;',
  '                                                    --create first creates the database if missing',
  '  yg-db resolve --rolled-back <migration name>      let the next migrate run a failed migration again',
  '  yg-db seed [--assets N] [--seed N] [--events N]   fill DATABASE_URL with demo data',
  '  yg-db --help',
].join('\n');

/** A command line we do not understand: usage on stderr, exit 2 (as most Unix tools do). */
class UsageError extends Error {}

async function main(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return;
  }
  if (command === 'migrate') {
    const url = resolveDatabaseUrl();
    try {
      if (rest.includes('--create') && (await ensureDatabase(url))) console.log('Created the database.');
      const { applied, alreadyApplied } = await migrate(url, { log: (message) => console.log(message) });
      console.log(
        applied.length === 0
          ? `Database is up to date (${alreadyApplied.length} migrations applied).`
          : `Applied ${applied.length} migration(s).`,
      );
    } catch (error) {
      throw missingDatabase(error, url) ?? error;
    }
    return;
  }
  if (command === 'resolve' && rest[0] === '--rolled-back' && rest[1]) {
    await resolveRolledBack(rest[1]);
    console.log(`Marked ${rest[1]} as rolled back; the next migrate applies it again.`);
    return;
  }
  if (command === 'seed') {
    const options = {
      assets: numberFlag(rest, '--assets'),
      seed: numberFlag(rest, '--seed'),
      events: numberFlag(rest, '--events'),
    };
    // Loaded here so that migrating works before `prisma generate` has written the client.
    const [{ createDb }, { seedDemoData }] = await Promise.all([
      import('./create-db'),
      import('./seed/seed-demo-data'),
    ]);
    const db = createDb({ poolSize: 1 });
    try {
      const started = performance.now();
      console.log(await seedDemoData(db, options));
      console.log(`Seeded in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    } finally {
      await db.$disconnect();
    }
    return;
  }
  throw new UsageError(command ? `Unknown command: ${args.join(' ')}` : 'No command given.');
}

/** PostgreSQL's "database does not exist" (3D000), said with what creates it. */
function missingDatabase(error: unknown, url: string): Error | undefined {
  if ((error as { code?: string }).code !== '3D000') return undefined;
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  return new Error(
    [
      `Database "${name}" does not exist (DATABASE_URL=${redactDatabaseUrl(url)}). Create it and migrate with:`,
      '  yg-db migrate --create          (from the repository: pnpm db:migrate --create)',
      'or start the worker with yg-worker start --migrate, which does the same before it runs.',
    ].join('\n'),
  );
}

function numberFlag(args: string[], name: string): number | undefined {
  const index = args.indexOf(name);
  if (index === -1) return undefined;
  const value = Number(args[index + 1]);
  if (!Number.isSafeInteger(value)) throw new UsageError(`${name} needs a whole number.`);
  return value;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
