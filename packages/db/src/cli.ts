#!/usr/bin/env node
// yg-db migrate                          apply pending migrations to DATABASE_URL
// yg-db resolve --rolled-back <name>     unblock after a failed migration was dealt with
import { migrate, resolveRolledBack } from './migrate/applier';

const USAGE = 'Usage: yg-db migrate | yg-db resolve --rolled-back <migration name>';

async function main(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  if (command === 'migrate') {
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
  throw new Error(USAGE);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
