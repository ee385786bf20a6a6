#!/usr/bin/env node
// yg-db migrate [--create]               apply pending migrations to DATABASE_URL (creating it first)
// yg-db resolve --rolled-back <name>     unblock after a failed migration was dealt with
// yg-db seed [--assets N] [--seed N]     fill DATABASE_URL with deterministic demo data
import { migrate, resolveRolledBack } from './migrate/applier';
import { ensureDatabase } from './server-admin';

const USAGE = [
  'Usage:',
  '  yg-db migrate [--create]',
  '  yg-db resolve --rolled-back <migration name>',
  '  yg-db seed [--assets N] [--seed N] [--events N]',
].join('\n');

async function main(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  if (command === 'migrate') {
    if (rest.includes('--create') && (await ensureDatabase())) console.log('Created the database.');
    const { applied, alreadyApplied } = await migrate(undefined, { log: (message) => console.log(message) });
    console.log(
      applied.length === 0
        ? `Database is up to date (${alreadyApplied.length} migrations applied).`
        : `Applied ${applied.length} migration(s).`,
    );
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
  throw new Error(USAGE);
}

function numberFlag(args: string[], name: string): number | undefined {
  const index = args.indexOf(name);
  if (index === -1) return undefined;
  const value = Number(args[index + 1]);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} needs a whole number.\n${USAGE}`);
  return value;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
