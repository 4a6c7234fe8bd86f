import type { Command } from 'commander';

/** `limit demo`: the README's main job — the paper's critical-n table for d = 4..8. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description("the README's main job: reproduce the paper's critical-n table for d = 4..8 (results in results/critical-n)")
    .action(async () => {
      await program.parseAsync(['node', 'limit', 'critical-n', '--d', '4..8', '--out', 'results/critical-n']);
    });
}
