import type { Command } from 'commander';
import { parseDuration } from './duration';
import { withQueues } from './operator-session';
import { type OutputOptions, print } from './output';
import { UsageError } from './usage-error';

const CLEANABLE = ['completed', 'failed', 'delayed', 'wait', 'prioritized', 'paused'] as const;
type Cleanable = (typeof CLEANABLE)[number];

export function registerClean(program: Command): void {
  program
    .command('clean')
    .description('delete jobs of one state older than a grace period')
    .argument('<queue>', 'queue name')
    .requiredOption('--grace <duration>', 'keep jobs younger than this (90s, 15m, 24h, 7d)')
    .option('--state <state>', `one of ${CLEANABLE.join(', ')}`, 'completed')
    .option('--limit <n>', 'delete at most this many (default: all)')
    .option('--json', 'print JSON')
    .action(
      async (
        queueName: string,
        options: OutputOptions & { grace: string; state: string; limit?: string },
      ) => {
        const grace = parseDuration('--grace', options.grace);
        if (!(CLEANABLE as readonly string[]).includes(options.state)) {
          throw new UsageError(`--state: "${options.state}" is not one of ${CLEANABLE.join(', ')}`);
        }
        const limit = options.limit === undefined ? 0 : Number(options.limit);
        if (!Number.isInteger(limit) || limit < 0) throw new UsageError('--limit: must be a whole number');
        const state = options.state as Cleanable;
        const removed = await withQueues((queue) => queue(queueName).clean(grace, limit, state));
        const result = { queue: queueName, state, graceMs: grace, removed: removed.length, ids: removed };
        print(
          options,
          result,
          () =>
            `removed ${removed.length} ${state} job(s) older than ${options.grace} from ${queueName}` +
            (removed.length ? `: ${removed.join(', ')}` : ''),
        );
      },
    );
}
