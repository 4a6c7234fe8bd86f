import { createRequire } from 'node:module';
import { Command } from 'commander';
import { registerCommands } from './commands/index.js';
import { describeError } from './util/report-error.js';

// dist/cli.js → ../package.json, in the repository and in an installed package alike
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const program = new Command();
program
  .name('limit')
  .description('Study, measure and test the limits of embedding-based retrieval (LIMIT, arXiv 2508.21038)')
  .version(version, '-V, --version', 'print the version of @limit/cli')
  .option('--debug', 'on failure, print the stack trace as well (for bug reports)')
  .configureHelp({ sortSubcommands: true })
  // usage errors (unknown option, missing argument) are one line too, with status 2; set before the commands are
  // added so every command inherits it
  .configureOutput({ outputError: (text, write) => write(`limit: UsageError: ${text.replace(/^error: /, '').trim()} (see --help)\n`) })
  .exitOverride();

registerCommands(program);

// Mark required options in --help (commander enforces them but does not say so).
for (const command of program.commands) {
  for (const option of command.options) {
    if (option.mandatory && !option.description.endsWith('(required)')) option.description = `${option.description} (required)`;
  }
}

// Every failure is one line on stderr and exit status 2 (a stack only with --debug): usage errors, bad data,
// unusable outputs, full or read-only disks, lost services, and errors raised outside the command's promise.
const debug = process.argv.includes('--debug');
let failing = false;
function fail(error: unknown): void {
  if (failing) return;
  failing = true;
  // commander already printed its one line (or the help / version, which succeed)
  if (error instanceof Error && error.name === 'CommanderError') process.exit((error as Error & { exitCode?: number }).exitCode === 0 ? 0 : 2);
  process.stderr.write(`limit: ${describeError(error)}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(2);
}
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

program.parseAsync(process.argv).catch(fail);
