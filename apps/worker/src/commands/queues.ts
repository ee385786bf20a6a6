import type { Command } from 'commander';
import { knownQueues, withQueues } from './operator-session';
import { type OutputOptions, print, table } from './output';

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;

export interface QueueSummary {
  queue: string;
  paused: boolean;
  counts: Record<(typeof STATES)[number], number>;
}

export function registerQueues(program: Command): void {
  program
    .command('queues')
    .description('job counts per state for every queue')
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions) => {
      const summaries = await withQueues((queue) =>
        Promise.all(
          knownQueues.map(async (name): Promise<QueueSummary> => {
            const q = queue(name);
            const [counts, paused] = await Promise.all([q.getJobCounts(...STATES), q.isPaused()]);
            return {
              queue: name,
              paused,
              counts: Object.fromEntries(STATES.map((s) => [s, counts[s] ?? 0])) as QueueSummary['counts'],
            };
          }),
        ),
      );
      print(options, summaries, () =>
        table(
          ['queue', ...STATES, 'paused'],
          summaries.map((s) => [s.queue, ...STATES.map((state) => s.counts[state]), s.paused ? 'yes' : 'no']),
        ),
      );
    });
}
