import type { Command } from 'commander';
import { withQueues } from './operator-session';
import { isoTime, type OutputOptions, print, table } from './output';
import { UsageError } from './usage-error';

export function registerFailed(program: Command): void {
  program
    .command('failed')
    .description('the latest failed jobs of a queue, with their errors')
    .argument('<queue>', 'queue name')
    .option('--limit <n>', 'how many, newest first', '20')
    .option('--json', 'print JSON')
    .action(async (queueName: string, options: OutputOptions & { limit: string }) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
        throw new UsageError('--limit: must be a whole number from 1 to 10000');
      }
      const result = await withQueues(async (queue) => {
        const q = queue(queueName);
        const [total, jobs] = await Promise.all([q.getFailedCount(), q.getFailed(0, limit - 1)]);
        return {
          queue: queueName,
          total,
          jobs: jobs.map((job) => ({
            id: job.id,
            name: job.name,
            attemptsMade: job.attemptsMade,
            failedReason: job.failedReason ?? null,
            finishedAt: isoTime(job.finishedOn),
          })),
        };
      });
      print(options, result, () =>
        [
          `${result.total} failed in ${result.queue}${result.total > result.jobs.length ? ` (latest ${result.jobs.length} shown)` : ''}`,
          ...(result.jobs.length
            ? [
                table(
                  ['id', 'name', 'attempts', 'finished', 'reason'],
                  result.jobs.map((j) => [j.id, j.name, j.attemptsMade, j.finishedAt, j.failedReason]),
                ),
              ]
            : []),
        ].join('\n'),
      );
    });
}
