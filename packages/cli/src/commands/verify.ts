import type { Command } from 'commander';
import { verifyEmbeddings } from '@limit/trainer/node';

/** `limit verify FILE`: re-checks a saved embedding certificate in float64. */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('re-check a saved embedding certificate: recompute top-k accuracy and the minimum margin in float64')
    .argument('<file>', 'certificate written by `limit train --save` or `limit critical-n --certificates`')
    .option('--json', 'print the verification as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const check = await verifyEmbeddings(file);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(check, null, 2)}\n`);
      } else {
        process.stdout.write(
          `${check.verified ? 'VERIFIED' : 'FAILED'}: ${check.correctQueries}/${check.numQueries} queries exact (accuracy ${check.accuracy}), ` +
            `minimum margin ${check.minMargin.toExponential(4)} (claimed accuracy ${check.claimedAccuracy}, margin ${check.claimedMinMargin.toExponential(4)})\n`,
        );
        for (const problem of check.problems) process.stdout.write(`  - ${problem}\n`);
      }
      if (!check.verified) process.exitCode = 1;
    });
}
