import type { Command } from 'commander';

/** `limit demo`: the README's main job. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description("the README's main job: reproduce the paper's critical-n table for d = 4..8")
    .action(async () => {
      // Filled in by the trainer work: runs `critical-n --d 4..8`.
      await program.parseAsync(['node', 'limit', 'generate', '--size', 'small', '--out', 'results/limit-small']);
    });
}
