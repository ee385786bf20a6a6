import type { Command } from 'commander';
import { withQueues } from './operator-session';
import { type OutputOptions, print } from './output';

/** `pause` and `resume`: workers stop or start taking new jobs of the queue; active jobs finish. */
export function registerPauseResume(program: Command): void {
  for (const action of ['pause', 'resume'] as const) {
    program
      .command(action)
      .description(
        action === 'pause' ? 'stop workers taking jobs of a queue' : 'let workers take jobs of a queue again',
      )
      .argument('<queue>', 'queue name')
      .option('--json', 'print JSON')
      .action(async (queueName: string, options: OutputOptions) => {
        const result = await withQueues(async (queue) => {
          const q = queue(queueName);
          const wasPaused = await q.isPaused();
          if (action === 'pause') await q.pause();
          else await q.resume();
          return { queue: queueName, paused: action === 'pause', wasPaused };
        });
        const changed = result.wasPaused !== result.paused;
        print(options, result, () =>
          changed
            ? `${action}d ${queueName}`
            : `${queueName} was already ${result.paused ? 'paused' : 'running'}`,
        );
      });
  }
}
