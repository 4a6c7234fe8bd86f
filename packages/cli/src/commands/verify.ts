import type { Command } from 'commander';
import { checkCertificateFile } from '@limit/trainer/node';
import { formatSignificant } from '../util/table.js';

/** `limit verify FILE`: re-checks a saved embedding certificate in float64 and says what that proves. */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(
      're-check a saved embedding certificate: (a) do its claims hold (accuracy and margin recomputed in float64, parameters cross-checked against the qrels and embeddings) and (b) do the embeddings realise every top-k set',
    )
    .argument('<file>', 'certificate written by `limit train --save` or `limit critical-n --certificates`')
    .option('--require-solved', 'exit non-zero unless the embeddings realise every top-k set (not only an honest claim)')
    .option('--json', 'print the verification as JSON')
    .action(async (file: string, opts: { json?: boolean; requireSolved?: boolean }) => {
      const check = await checkCertificateFile(file);
      const c = check.claims;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ ...check, verified: c.hold, requireSolved: opts.requireSolved === true }, null, 2)}\n`);
      } else {
        const margin = formatSignificant(c.minMargin, 3);
        const params = c.parameters.map((p) => `${p.parameter} ${String(p.recorded)}: ${p.status}`).join(', ');
        process.stdout.write(
          `claims:  ${c.hold ? 'HOLD' : 'DO NOT HOLD'} — recomputed accuracy ${c.correctQueries}/${c.numQueries} (${formatSignificant(c.accuracy, 4)}) and minimum margin ${margin} ` +
            `${c.hold ? 'match' : 'against'} the claimed ${formatSignificant(c.claimedAccuracy, 4)} and ${formatSignificant(c.claimedMinMargin, 3)}` +
            (params ? `; parameters ${params}` : '') +
            '\n',
        );
        for (const problem of c.problems) process.stdout.write(`         - ${problem}\n`);
        for (const p of c.parameters.filter((x) => x.status === 'unchecked')) process.stdout.write(`         (${p.parameter} unchecked: ${p.detail})\n`);
        const wrong = c.numQueries - c.correctQueries;
        process.stdout.write(
          check.solved
            ? `top-k:   SOLVED — the embeddings realise every one of the ${c.numQueries} top-k sets (minimum margin ${margin} > 0)\n`
            : `top-k:   NOT SOLVED — ${wrong} of ${c.numQueries} queries have a wrong top-k (minimum margin ${margin})\n`,
        );
        for (const f of check.failingQueries.slice(0, 5)) {
          const rel = f.relevant.map((r) => `d${r.doc} ${formatSignificant(r.score, 3)}`).join(', ');
          const intr = f.intruders.map((r) => `d${r.doc} ${formatSignificant(r.score, 3)}`).join(', ');
          process.stdout.write(`         query ${f.query}: relevant ${rel}; outscored by ${intr} (margin ${formatSignificant(f.margin, 3)})\n`);
        }
      }
      if (!c.hold || (opts.requireSolved && !check.solved)) process.exitCode = 1;
    });
}
