import { Command } from 'commander';
import { LimitError } from '@limit/core';
import { registerCommands } from './commands/index.js';

const program = new Command();
program
  .name('limit')
  .description('Study, measure and test the limits of embedding-based retrieval (LIMIT, arXiv 2508.21038)')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

registerCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (LimitError.isInstance(error)) {
    process.stderr.write(`limit: ${error.name}: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`limit: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
