import type { Command } from 'commander';
import { withQueues } from './operator-session';
import { type OutputOptions, print } from './output';
import { UsageError } from './usage-error';

export function registerObliterate(program: Command): void {
  program
    .command('obliterate')
    .description('delete a queue with all its jobs (needs --force)')
    .argument('<queue>', 'queue name')
    .option('--force', 'yes, delete every job of the queue')
    .option('--include-active', 'even while jobs are running')
    .option('--json', 'print JSON')
    .action(
      async (queueName: string, options: OutputOptions & { force?: boolean; includeActive?: boolean }) => {
        const result = await withQueues(async (queue) => {
          const q = queue(queueName);
          const counts = await q.getJobCounts();
          if (!options.force) {
            throw new UsageError(
              `obliterate deletes every job of ${queueName} (${describe(counts)}); nothing was changed. Add --force to do it`,
            );
          }
          if ((counts.active ?? 0) > 0 && !options.includeActive) {
            throw new UsageError(
              `${queueName} has ${counts.active} active job(s); nothing was changed. Add --include-active to delete them too`,
            );
          }
          await q.obliterate({ force: options.includeActive === true });
          return { queue: queueName, obliterated: true, removed: counts };
        });
        print(options, result, () => `obliterated ${queueName}: removed ${describe(result.removed)}`);
      },
    );
}

function describe(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state}`);
  return parts.length ? parts.join(', ') : 'no jobs';
}
