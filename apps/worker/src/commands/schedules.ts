import type { Command } from 'commander';
import { knownQueues, withQueues } from './operator-session';
import { isoTime, type OutputOptions, print, table } from './output';

export function registerSchedules(program: Command): void {
  program
    .command('schedules')
    .description('every job scheduler with its pattern and next run')
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions) => {
      const schedules = await withQueues(async (queue) => {
        const perQueue = await Promise.all(
          knownQueues.map(async (name) => {
            const schedulers = await queue(name).getJobSchedulers(0, -1, true);
            return schedulers.map((s) => ({
              queue: name,
              id: s.id ?? s.key,
              name: s.name,
              pattern: s.pattern ?? null,
              everyMs: s.every ?? null,
              tz: s.tz ?? null,
              next: isoTime(s.next),
            }));
          }),
        );
        return perQueue.flat();
      });
      print(options, schedules, () =>
        schedules.length
          ? table(
              ['queue', 'scheduler', 'pattern', 'next run'],
              schedules.map((s) => [s.queue, s.id, s.pattern ?? `every ${s.everyMs} ms`, s.next]),
            )
          : 'no job schedulers',
      );
    });
}
