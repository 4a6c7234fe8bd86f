import type { Command } from 'commander';

export function registerGenerate(program: Command): void {
  program.command('generate').description('(being written)').action(() => {
    throw new Error('not yet implemented');
  });
}
