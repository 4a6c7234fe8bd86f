import type { Command } from 'commander';
import { InvalidArgumentError } from '@limit/core';
import { allCombinationQrels } from '@limit/combinatorics';
import { momentCurveEmbedding } from '@limit/matrix';
import { certifyEmbeddings } from '@limit/trainer';
import { certifyFile } from '@limit/trainer/node';
import { Progress } from '../util/progress.js';
import { parseInteger } from '../util/options.js';
import { formatSignificant } from '../util/table.js';

interface CertifyOptions {
  json?: boolean;
  momentCurve?: string;
  k: string;
  exactMargin?: boolean;
  maxListed: string;
}

/** `limit certify FILE`: what a run's documents allow, by an LP per relevant set, beside what its queries achieved. */
export function registerCertify(program: Command): void {
  program
    .command('certify')
    .description(
      "re-fit the queries of a run's documents exactly (an LP per relevant set: max t s.t. ⟨q,dⱼ⟩ − ⟨q,dₗ⟩ ≥ t, ‖q‖∞ ≤ 1): which sets the documents admit, whether a failure is on the query or the document side, and a solved run's exact margin",
    )
    .argument('[file]', 'a certificate (`limit train --save`, `limit critical-n --certificates`) or a documents file {"format": "limit-documents", "documents": [[…]], "k": 2}')
    .option('--moment-curve <n>', 'instead of a file: the moment-curve construction of n documents in d = 2k (float64)')
    .option('--k <k>', 'with --moment-curve: relevant documents per query', '2')
    .option('--exact-margin', 'also solve the QP of every admitted set for its largest margin (default: for solved runs only)')
    .option('--max-listed <m>', 'list at most this many sets that are not admitted', '10')
    .option('--json', 'print the certification as JSON')
    .action(async (fileArgument: string | undefined, opts: CertifyOptions) => {
      const maxListed = parseInteger('--max-listed', opts.maxListed, { min: 0 });
      if ((fileArgument === undefined) === (opts.momentCurve === undefined)) {
        throw new InvalidArgumentError({ parameter: '--moment-curve', value: opts.momentCurve, message: 'give a FILE or --moment-curve <n>, one of them' });
      }
      const bar = new Progress({ label: 'certify' });
      const refitOptions = {
        ...(opts.exactMargin ? { exactMargins: true } : {}),
        maxListed: Math.max(maxListed, 1),
        onProgress: (done: number, total: number) => bar.update(done, `${done}/${total} sets`),
      };
      let file: string;
      let c: Awaited<ReturnType<typeof certifyEmbeddings>>;
      if (opts.momentCurve !== undefined) {
        const k = parseInteger('--k', opts.k, { min: 1 });
        const n = parseInteger('--moment-curve', opts.momentCurve, { min: k + 1 });
        file = `moment curve, n = ${n}, k = ${k} (float64)`;
        c = await certifyEmbeddings({ documents: momentCurveEmbedding(n, k).documents, qrels: allCombinationQrels(n, k) }, refitOptions);
      } else {
        file = fileArgument!;
        c = await certifyFile(file, refitOptions);
      }
      bar.finish(`${c.numQueries} sets in ${formatSignificant(c.refit.seconds, 3)} s`);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(c, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)}\n`);
        return;
      }
      const k = c.refit.tightest?.relevant.length ?? c.refit.listed[0]?.relevant.length;
      const lines = [
        `certify: ${file} — ${c.numDocs} documents in d = ${c.dimension}, ${c.numQueries} relevant sets${k !== undefined ? ` (k = ${k})` : ''}`,
        c.trained === null ? 'no trained queries in the input: the refit says what the documents allow' : `trained queries: realise ${c.trained.realised} of ${c.numQueries} sets (smallest margin ${formatSignificant(c.trained.minMargin, 3)})`,
        `refit (${c.refit.solver}, one LP per set, each verdict proved in float64): ${c.refit.admitted} admitted, ${c.refit.notAdmitted} not admitted, ${c.refit.undecided} undecided`,
      ];
      if (c.exactMargin !== null) {
        const tight = c.refit.tightest!;
        lines.push(
          `exact margin: ${formatSignificant(c.exactMargin, 4)} — the largest margin unit queries reach on every set with these documents (tightest set {${tight.relevant.join(', ')}})` +
            (c.theorem1AtExactMargin !== null ? `; Theorem 1 at that full gap: d ≥ ${c.theorem1AtExactMargin}` : ''),
        );
      }
      if (c.missedAdmitted > 0) lines.push(`the trained queries miss ${c.missedAdmitted} sets the documents admit`);
      lines.push(`verdict: ${c.summary}`);
      const notAdmitted = c.refit.listed.filter((s) => s.verdict !== 'admitted').slice(0, maxListed);
      for (const s of notAdmitted) {
        lines.push(`  {${s.relevant.join(', ')}}: ${s.verdict} (no unit query beats margin ${formatSignificant(s.marginUpperBound, 3)}; the LP's query reaches ${formatSignificant(s.marginLowerBound, 3)})`);
      }
      const more = c.refit.notAdmitted + c.refit.undecided - notAdmitted.length;
      if (more > 0) lines.push(`  … and ${more} more (--max-listed, --json)`);
      process.stdout.write(`${lines.join('\n')}\n`);
      if (c.diagnosis === 'undecided') process.exitCode = 1;
    });
}
