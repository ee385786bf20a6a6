import type { Command } from 'commander';
import { withQueues } from './operator-session';
import { isoTime, type OutputOptions, print } from './output';
import { UsageError } from './usage-error';

export function registerJob(program: Command): void {
  program
    .command('job')
    .description('one job: state, progress, data, attempts, error, logs')
    .argument('<queue>', 'queue name')
    .argument('<id>', 'job id')
    .option('--json', 'print JSON')
    .action(async (queueName: string, id: string, options: OutputOptions) => {
      const detail = await withQueues(async (queue) => {
        const q = queue(queueName);
        const job = await q.getJob(id);
        if (!job) throw new UsageError(`no job ${id} in queue ${queueName}`);
        const [state, { logs }] = await Promise.all([job.getState(), q.getJobLogs(id)]);
        return {
          queue: queueName,
          id,
          name: job.name,
          state,
          progress: job.progress,
          data: job.data as unknown,
          attemptsMade: job.attemptsMade,
          attempts: job.opts.attempts ?? 1,
          failedReason: job.failedReason ?? null,
          stacktrace: job.stacktrace ?? [],
          returnValue: (job.returnvalue as unknown) ?? null,
          createdAt: isoTime(job.timestamp),
          startedAt: isoTime(job.processedOn),
          finishedAt: isoTime(job.finishedOn),
          logs,
        };
      });
      print(options, detail, () =>
        [
          `job ${detail.id} (${detail.name}) in ${detail.queue}: ${detail.state}`,
          `progress: ${JSON.stringify(detail.progress)}`,
          `attempts: ${detail.attemptsMade} of ${detail.attempts}`,
          `created: ${detail.createdAt ?? '—'}  started: ${detail.startedAt ?? '—'}  finished: ${detail.finishedAt ?? '—'}`,
          ...(detail.failedReason ? [`failed reason: ${detail.failedReason}`] : []),
          `data: ${JSON.stringify(detail.data)}`,
          ...(detail.returnValue !== null ? [`result: ${JSON.stringify(detail.returnValue)}`] : []),
          `logs (${detail.logs.length}):`,
          ...detail.logs.map((line) => `  ${line}`),
        ].join('\n'),
      );
    });
}
