import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../src/commands/program';
import { yg } from './operator-cli';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The README's table of commands: [command with arguments, description, options]. */
function readmeRows(): string[][] {
  const start = readme.indexOf('| command ');
  const rows = readme.slice(start).split('\n\n')[0]!.split('\n').slice(2);
  return rows.map((row) =>
    row
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim().replaceAll('`', '')),
  );
}

describe("the README's table of commands", () => {
  it('lists every command of `yg-worker --help`, with the same arguments and description', async () => {
    const run = await yg(['--help'], {});
    expect(run.code).toBe(0);
    const listed = run.stdout
      .split('Commands:\n')[1]!
      .split('\n')
      .map((line) => /^ {2}(\S.*?) {2,}(.*)$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => [`yg-worker ${match[1]!.replace(' [options]', '')}`, match[2]!])
      .filter(([command]) => !command!.startsWith('yg-worker help '));
    expect(listed.length).toBeGreaterThan(9);
    expect(readmeRows().map(([command, description]) => [command, description])).toEqual(listed);
  });

  it("names each command's options as its --help does", () => {
    const program = createProgram(() => {});
    const options = Object.fromEntries(
      program.commands.map((command) => [
        command.name(),
        command.options.map((option) => option.flags.replace(/^-\w, /, '')).join(', '),
      ]),
    );
    for (const [command, , listed] of readmeRows()) {
      expect(listed, command).toBe(options[command!.split(' ')[1]!]);
    }
  });
});
