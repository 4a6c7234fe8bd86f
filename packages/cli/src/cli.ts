import { createRequire } from 'node:module';
import { Command } from 'commander';
import { LimitError } from '@limit/core';
import { registerCommands } from './commands/index.js';

// dist/cli.js → ../package.json, in the repository and in an installed package alike
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const program = new Command();
program
  .name('limit')
  .description('Study, measure and test the limits of embedding-based retrieval (LIMIT, arXiv 2508.21038)')
  .version(version, '-V, --version', 'print the version of @limit/cli')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

registerCommands(program);

// Mark required options in --help (commander enforces them but does not say so).
for (const command of program.commands) {
  for (const option of command.options) {
    if (option.mandatory && !option.description.endsWith('(required)')) option.description = `${option.description} (required)`;
  }
}

program.parseAsync(process.argv).catch((error: unknown) => {
  if (LimitError.isInstance(error)) {
    process.stderr.write(`limit: ${error.name}: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`limit: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
