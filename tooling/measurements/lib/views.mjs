// Views: how a results file is shown in a guide. Each takes the file's `results`, the block's options and the
// whole file, and returns markdown. Every number comes from the results; the words around it are fixed.
import { dirname, relative } from 'node:path';
import { compact, duration, grouped, percent1, share1 } from './format.mjs';

const table = (header, rows, align) =>
  [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (align?.[i] === 'l' ? '---' : '---:')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

function bm25Recall(results) {
  const r = (x) => (x === undefined ? '—' : percent1(x));
  const rows = [];
  if (results.small) {
    const b = results.small.bm25;
    rows.push(['BM25', 'LIMIT-small (46 docs)', r(b.recall_at_2), r(b.recall_at_10), r(b.recall_at_20), r(b.recall_at_100), `${results.paper.small.recall_at_2} / ${results.paper.small.recall_at_10} / ${results.paper.small.recall_at_20} (R@2/10/20)`]);
  }
  if (results.full) {
    const b = results.full.bm25;
    rows.push(['BM25', 'LIMIT (50,000 docs)', r(b.recall_at_2), r(b.recall_at_10), r(b.recall_at_20), r(b.recall_at_100), `${results.paper.full.recall_at_2} / ${results.paper.full.recall_at_10} / ${results.paper.full.recall_at_100} (R@2/10/100)`]);
  }
  return `${table(['retriever', 'data (generated, seed ' + results.seed + ')', 'R@2', 'R@10', 'R@20', 'R@100', 'paper (official files)'], rows, ['l', 'l', 'r', 'r', 'r', 'r', 'l'])}\n\nRecall in %, trec_eval's definitions.`;
}

function criticalNRow(results) {
  const dims = results.summary.dimensions;
  const cell = (v) => (v === null || v === undefined ? '—' : String(v));
  const head = ['d', ...dims.map((r) => String(r.d))];
  const lines = [
    `| ${head.join(' | ')} |`,
    `| --- | ${dims.map(() => '---:').join(' | ')} |`,
    `| critical n, measured (binary search) | ${dims.map((r) => cell(r.criticalN)).join(' | ')} |`,
    `| largest solved n (sweep) | ${dims.map((r) => cell(r.largestSolvedN)).join(' | ')} |`,
    `| critical n, paper | ${dims.map((r) => cell(r.paper)).join(' | ')} |`,
  ];
  const s = results.summary;
  const engines = [...new Set(results.engines ?? [])].join(', ');
  return `${lines.join('\n')}\n\nk = ${s.k}, seed ${s.seed}, ${s.restarts} restart(s), ${s.executor} executor${engines ? `, engine ${engines}` : ''}: ${s.trainedRuns} runs trained, ${duration(results.wallSeconds)} wall for the whole command.`;
}

function criticalNFits(results) {
  const fits = results.summary.fits;
  if (!fits) return 'No fit: fewer than two dimensions have a critical n.';
  const find = (list, model) => list.find((f) => f.model === model);
  const ours = { cubic: find(fits.measured, 'cubic'), power: find(fits.measured, 'power-law') };
  const paper = { cubic: find(fits.paperValues, 'cubic'), power: find(fits.paperValues, 'power-law') };
  // each distinct reason for "unsupported" is said once, under the table
  const reasons = [];
  const cell = (fit, d) => {
    const e = fit?.extrapolation.find((x) => x.d === d);
    if (e === undefined) return '—';
    if (!e.supported) {
      const reason = e.reason ?? 'no reason given';
      if (!reasons.includes(reason)) reasons.push(reason);
      return `unsupported (${reasons.indexOf(reason) + 1})`;
    }
    return `${compact(e.n)} [${compact(e.low)}, ${compact(e.high)}]`;
  };
  const law = (f) => (f ? ` (n = ${Number(f.coefficients[0].toPrecision(3))}·d^${Number(f.coefficients[1].toPrecision(3))}, r² ${f.r2.toFixed(3)})` : '');
  const range = fits.paperValuesD.length > 0 ? `d = ${fits.paperValuesD[0]}…${fits.paperValuesD.at(-1)}` : 'none in range';
  const rows = fits.paperFit.map(({ d, n }) => [String(d), cell(ours.cubic, d), cell(ours.power, d), cell(paper.cubic, d), cell(paper.power, d), compact(n)]);
  const header = ['d', `ours, cubic${ours.cubic ? ` (r² ${ours.cubic.r2.toFixed(3)})` : ''}`, `ours, power law${law(ours.power)}`, `paper values (${range}), cubic`, `paper values, power law${law(paper.power)}`, "paper's published fit"];
  const notes = [...reasons.map((r, i) => `(${i + 1}) unsupported: ${r}`), ...fits.notes].map((n) => `- ${n}`).join('\n');
  return `${table(header, rows, ['r', 'l', 'l', 'l', 'l', 'r'])}\n\n95 % bootstrap intervals in brackets (${ours.power?.method ?? 'residuals'}).${notes ? `\n\n${notes}` : ''}`;
}

function verbatim(results, options) {
  const text = options.field ? results[options.field] : results.stdout;
  return `\`\`\`\n${String(text).trimEnd()}\n\`\`\``;
}

function stepSpeed(results) {
  const rows = results.sizes.map((s) => {
    const r = s.results[0];
    const peak = Math.max(r.peakGflopsPerSecond ?? 0, s.numpyPeakGflopsPerSecond ?? 0);
    return [
      `${s.n}, ${s.d} (${grouped(s.queries)})`,
      `${grouped(Number(r.stepsPerSecond.toPrecision(4)))} (${r.engine})`,
      s.numpy === undefined ? '—' : grouped(Number(s.numpy.toPrecision(3))),
      r.ratioToNumpy === undefined ? '—' : `**${r.ratioToNumpy.toFixed(1)}×**`,
      r.gflopsPerSecond.toFixed(1),
      peak > 0 ? `${Math.round((100 * r.gflopsPerSecond) / peak)}% (of ${peak.toFixed(1)})` : '—',
    ];
  });
  return table(['n, d (q)', 'steps/s, default engine', 'numpy steps/s', 'ours ÷ numpy', 'GFLOP/s (6·q·n·d per step)', 'share of the larger SGEMM peak (ours, numpy; same run)'], rows, ['l']);
}

function theorem1(results) {
  const power = (n) => {
    const e = Math.log10(Number(n));
    return Number.isInteger(e) ? `10${String(e).replace(/\d/g, (c) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[c])}` : grouped(Number(n));
  };
  return table(
    ['n', 'k', 'd needed at margin 0.1, paper', 'Theorem 1, computed (exact C(n, k))'],
    results.rows.map((r) => [power(r.n), String(r.k), String(r.paper), String(r.dimension)]),
  );
}

function exampleOutput(results, options) {
  const example = results.examples.find((e) => e.name === options.name);
  if (example === undefined) throw new Error(`no example ${JSON.stringify(options.name)} in the results`);
  return `\`${example.command}\` — ${duration(example.wallSeconds)} wall from a fresh \`out/\` (its cached build step included), exit ${example.exitCode}:\n\n\`\`\`text\n${example.stdout.trimEnd()}\n\`\`\``;
}

function examplesTable(results, _options, _data, { markdownPath }) {
  const link = (name) => relative(dirname(markdownPath), `examples/${name}`).split('\\').join('/');
  return table(
    ['example', 'what it shows', 'wall time of `start`'],
    results.examples.map((e) => [`[${e.name}](${link(e.name)})`, e.description, duration(e.wallSeconds)]),
    ['l', 'l', 'r'],
  );
}

function resultFields(results) {
  const escape = (s) => s.replace(/\|/g, '\\|');
  return table(
    ['section', 'results file (official schema)', 'ours (camelCase, `train --json`)', 'written by', 'meaning'],
    results.fields.map((f) => [f.section, `\`${f.fileName}\``, `\`${f.name}\``, f.origin === 'official' ? 'official script and ours' : 'ours only', escape(f.meaning)]),
    ['l', 'l', 'l', 'l', 'l'],
  );
}

/** Every view by name. */
export const VIEWS = {
  'bm25-recall': bm25Recall,
  'critical-n-row': criticalNRow,
  'critical-n-fits': criticalNFits,
  verbatim,
  'step-speed': stepSpeed,
  'theorem-1': theorem1,
  'example-output': exampleOutput,
  'examples-table': examplesTable,
  'result-fields': resultFields,
};

export { share1 };
