import { Command } from 'commander';
import { registerClean } from './clean';
import { registerFailed } from './failed';
import { registerJob } from './job';
import { registerObliterate } from './obliterate';
import { registerPauseResume } from './pause';
import { registerQueues } from './queues';
import { registerRetry } from './retry';
import { registerSchedules } from './schedules';
import { type ExitCodeSink, registerStart } from './start';

/**
 * Every `yg-worker` command. `start` runs the workers; the others are the operator's tools over
 * the catalog's queues (see the README's table, which a test keeps equal to `--help`).
 */
export function createProgram(exitWith: ExitCodeSink): Command {
  const program = new Command('yg-worker')
    .description('The yg-jobs background worker, and the operator commands over its queues.')
    // Exit codes are decided by the caller, which also closes connections first.
    .exitOverride()
    .showHelpAfterError()
    .configureHelp({ helpWidth: 120 });
  registerStart(program, exitWith);
  registerQueues(program);
  registerJob(program);
  registerFailed(program);
  registerRetry(program);
  registerClean(program);
  registerObliterate(program);
  registerPauseResume(program);
  registerSchedules(program);
  return program;
}
