import type { Command } from 'commander';
import { withQueues } from './operator-session';
import { type OutputOptions, print } from './output';
import { UsageError } from './usage-error';

export interface RetryResult {
  queue: string;
  retried: string[] | number;
  skipped: { id: string; reason: string }[];
}

export function registerRetry(program: Command): void {
  program
    .command('retry')
    .description('retry failed jobs: the ids given, or --all')
    .argument('<queue>', 'queue name')
    .argument('[ids...]', 'ids of failed jobs')
    .option('--all', 'every failed job of the queue')
    .option('--json', 'print JSON')
    .action(async (queueName: string, ids: string[], options: OutputOptions & { all?: boolean }) => {
      if (options.all ? ids.length > 0 : ids.length === 0) {
        throw new UsageError('retry: give the ids of failed jobs, or --all (not both)');
      }
      const result = await withQueues(async (queue): Promise<RetryResult> => {
        const q = queue(queueName);
        if (options.all) {
          const failed = await q.getFailedCount();
          await q.retryJobs({ state: 'failed' });
          return { queue: queueName, retried: failed, skipped: [] };
        }
        const retried: string[] = [];
        const skipped: RetryResult['skipped'] = [];
        for (const id of new Set(ids)) {
          const job = await q.getJob(id);
          const state = job ? await job.getState() : 'missing';
          if (!job || state !== 'failed') {
            skipped.push({ id, reason: job ? `is ${state}, not failed` : 'no such job' });
            continue;
          }
          await job.retry('failed');
          retried.push(id);
        }
        return { queue: queueName, retried, skipped };
      });
      // Asked for ids that could not be retried: a script must notice.
      if (result.skipped.length > 0) process.exitCode = 1;
      print(options, result, () => {
        const { retried } = result;
        const lines = [
          typeof retried === 'number'
            ? `retried ${retried} failed job(s) in ${result.queue}`
            : `retried ${retried.length} job(s) in ${result.queue}${retried.length ? `: ${retried.join(', ')}` : ''}`,
        ];
        for (const s of result.skipped) lines.push(`not retried ${s.id}: ${s.reason}`);
        return lines.join('\n');
      });
    });
}
