// Packaging checks for @limit/losses and @limit/eval, called by scripts/pack-test.mjs (kept in its own
// file so the main script stays easy to merge):
//
// 1. Typed training loops compile with tsc --strict (NodeNext, ESM and CJS) with no casts:
//    opt.minimize(() => infoNce(…)), tf.variableGrads(() => tripletLoss(…)), tf.Tensor1D for
//    reduction 'none', tf.Scalar from hingeLoss; evaluateRun's result is typed by the requested measures.
// 2. With only @tensorflow/tfjs-core and the cpu backend (the main project): a missing gradient inside
//    tripletLoss throws an error naming the fix; ragged input throws ShapeMismatchError; fused InfoNCE
//    trains without any registered gradient.
// 3. The ```ts code blocks of docs/guides/losses.md, verbatim, type-checked and run with plain node in a
//    fresh project that follows the guide's install line (adds @tensorflow/tfjs).
// 4. @limit/eval installed with the other packages except losses and trainer brings no @tensorflow
//    package; from it, evaluateRun({ measures }) equals the independent Python trec_eval
//    re-implementation (packages/eval/test/fixtures/metrics-reference.json) to 1e-4 under ranx and
//    ir_measures names, and compareRuns gives p < 0.05 for a clearly better run and p > 0.9 for a run
//    against itself.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {{ root: string, work: string, project: string, tarballs: Map<string, string>, tfjsRange: string,
 *   tsc: string, run: Function, check: Function, log: Function }} ctx
 */
export async function checkLossesAndEval({ root, work, project, tarballs, tfjsRange, tsc, run, check, log }) {
  // --- 1. types ------------------------------------------------------------------------------------
  const typed = `import * as tf from '@tensorflow/tfjs-core';
import { hingeLoss, infoNce, tripletLoss } from '@limit/losses';
import { compareRuns, evaluateRun } from '@limit/eval';

export function loop(): number {
  const q = tf.variable(tf.randomNormal([4, 3]));
  const d = tf.variable(tf.randomNormal([4, 3]));
  const opt = tf.train.adam(0.01);
  opt.minimize(() => infoNce(q, d, tf.eye(4)));
  const { value, grads } = tf.variableGrads(() => tripletLoss(q, d, tf.neg(d)));
  const v: tf.Tensor1D = infoNce(q, d, tf.eye(4), { reduction: 'none' });
  const h: tf.Scalar = hingeLoss(q, d, tf.neg(d));
  // @ts-expect-error reduction 'none' is a vector, not a scalar
  const wrong: tf.Scalar = infoNce(q, d, tf.eye(4), { reduction: 'none' });
  // @ts-expect-error unknown option (scale is 1/temperature)
  infoNce(q, d, tf.eye(4), { scale: 20 });
  const e = evaluateRun({ q: { a: 1 } }, { q: { a: 1 } }, { measures: ['ndcg@10', 'R@100', 'AP'] });
  const ndcg: number = e.mean['ndcg@10'];
  // @ts-expect-error P@5 was not requested
  const p5: number = e.mean['P@5'];
  const c = compareRuns({ q: { a: 1 } }, { q: { a: 1 } }, { q: { a: 2 } }, { measure: 'nDCG@10', test: 't-test' });
  return value.rank + Object.keys(grads).length + v.size + h.rank + wrong.rank + ndcg + p5 + c.meanDifference;
}
`;
  writeFileSync(join(project, 'check-losses-esm.mts'), typed);
  writeFileSync(join(project, 'check-losses-cjs.cts'), typed);
  writeFileSync(
    join(project, 'tsconfig.losses.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [], lib: ['ES2022', 'DOM'] },
      files: ['check-losses-esm.mts', 'check-losses-cjs.cts'],
    }),
  );
  try {
    run('node', [tsc, '-p', 'tsconfig.losses.json'], { cwd: project });
    log('losses/eval typed loops (tsc --strict, NodeNext, ESM + CJS, no casts) passed');
  } catch (error) {
    check(false, `losses/eval typed loops failed to compile: ${error.message}`);
  }

  // --- 2. tfjs-core + cpu only --------------------------------------------------------------------
  check(!existsSync(join(project, 'node_modules', '@tensorflow', 'tfjs')), 'the main pack-test project must not have @tensorflow/tfjs (gradient check)');
  writeFileSync(
    join(project, 'losses-core-only.mjs'),
    `import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { infoNce, tripletLoss } from '@limit/losses';
await tf.setBackend('cpu');
const out = {};
const a = tf.variable(tf.randomNormal([4, 3], 0, 1, 'float32', 1));
try {
  tf.variableGrads(() => tripletLoss(a, tf.zeros([4, 3]), tf.ones([4, 3])));
  out.missingGradient = 'no error';
} catch (e) {
  out.missingGradient = { name: e.name, state: e.state, message: e.message };
}
try {
  tripletLoss([[0, 0], [1]], [[1, 0], [0, 1]], [[3, 0], [0, 3]]);
  out.ragged = 'no error';
} catch (e) {
  out.ragged = { name: e.name, parameter: e.parameter };
}
// fused dot-product InfoNCE has its own analytic gradient: it trains with no registered gradient
const c = tf.randomNormal([4, 3], 0, 1, 'float32', 2);
const opt = tf.train.sgd(0.5);
const before = infoNce(a, c, tf.eye(4)).dataSync()[0];
for (let i = 0; i < 5; i++) opt.minimize(() => infoNce(a, c, tf.eye(4)));
out.fusedInfoNce = { before, after: infoNce(a, c, tf.eye(4)).dataSync()[0] };
console.log(JSON.stringify(out));
`,
  );
  try {
    const out = JSON.parse(run('node', ['losses-core-only.mjs'], { cwd: project }).trim().split('\n').pop());
    const g = out.missingGradient;
    check(g?.name === 'EngineStateError' && g.state === 'missing-gradient', `tripletLoss without gradients: expected EngineStateError, got ${JSON.stringify(g)}`);
    check(typeof g?.message === 'string' && g.message.includes("import '@tensorflow/tfjs'"), `the missing-gradient error does not name the fix: ${g?.message}`);
    check(out.ragged?.name === 'ShapeMismatchError' && out.ragged.parameter === 'anchor', `ragged input: expected ShapeMismatchError naming anchor, got ${JSON.stringify(out.ragged)}`);
    check(out.fusedInfoNce.after < out.fusedInfoNce.before, `fused infoNce did not train without gradients: ${JSON.stringify(out.fusedInfoNce)}`);
    log(`tfjs-core + cpu only: missing gradient → ${g?.name} naming the fix; ragged → ${out.ragged?.name}; fused infoNce ${out.fusedInfoNce.before.toFixed(3)} → ${out.fusedInfoNce.after.toFixed(3)}`);
  } catch (error) {
    check(false, `losses with tfjs-core only failed: ${error.message}`);
  }

  // --- 3. the losses guide's code blocks, verbatim -------------------------------------------------
  const docs = join(work, 'project-losses-docs');
  mkdirSync(docs, { recursive: true });
  const pick = (names) => Object.fromEntries(names.map((n) => [n, `file:${tarballs.get(n)}`]));
  const docsRefs = pick(['@limit/core', '@limit/combinatorics', '@limit/losses']);
  writeFileSync(
    join(docs, 'package.json'),
    JSON.stringify({
      name: 'limit-losses-docs',
      version: '1.0.0',
      private: true,
      type: 'module',
      // the guide's install line
      dependencies: { ...docsRefs, '@tensorflow/tfjs-core': tfjsRange, '@tensorflow/tfjs-backend-cpu': tfjsRange, '@tensorflow/tfjs': tfjsRange },
      overrides: docsRefs,
    }),
  );
  log('npm install (losses guide project: tarballs + @tensorflow/tfjs from the registry)…');
  try {
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: docs });
    const guide = readFileSync(join(root, 'docs', 'guides', 'losses.md'), 'utf8');
    const blocks = [...guide.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
    check(blocks.length >= 3, `docs/guides/losses.md: expected at least 3 ts code blocks, found ${blocks.length}`);
    blocks.forEach((code, i) => writeFileSync(join(docs, `guide-${i}.mts`), code));
    writeFileSync(
      join(docs, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, types: [], lib: ['ES2022', 'DOM'], outDir: 'out' },
        include: ['guide-*.mts'],
      }),
    );
    run('node', [tsc, '-p', 'tsconfig.json'], { cwd: docs });
    for (const file of readdirSync(join(docs, 'out')).filter((f) => f.endsWith('.mjs')).sort()) {
      const stdout = run('node', [join('out', file)], { cwd: docs });
      for (const [, name, first, last] of stdout.matchAll(/^(\w+): ([\d.]+) → ([\d.]+)$/gm)) {
        check(Number(last) < Number(first), `docs/guides/losses.md ${file}: ${name} did not decrease (${first} → ${last})`);
      }
      log(`docs/guides/losses.md ${file}: ${stdout.trim().split('\n').join(' | ') || 'ran'}`);
    }
  } catch (error) {
    check(false, `docs/guides/losses.md examples failed: ${error.message}`);
  }

  // --- 4. @limit/eval without losses and trainer: no @tensorflow ----------------------------------
  const evalOnly = join(work, 'project-eval-only');
  mkdirSync(evalOnly, { recursive: true });
  // the CLI app depends on losses and trainer, so it stays out of this project too
  const evalRefs = pick([...tarballs.keys()].filter((n) => n !== '@limit/losses' && n !== '@limit/trainer' && n !== '@limit/cli'));
  writeFileSync(join(evalOnly, 'package.json'), JSON.stringify({ name: 'limit-eval-only', version: '1.0.0', private: true, type: 'module', dependencies: evalRefs, overrides: evalRefs }));
  try {
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: evalOnly });
    const lock = JSON.parse(readFileSync(join(evalOnly, 'package-lock.json'), 'utf8'));
    const tensorflow = Object.keys(lock.packages ?? {}).filter((p) => /(^|\/)node_modules\/@tensorflow\//.test(p));
    check(tensorflow.length === 0, `installing @limit/eval without losses/trainer pulled ${tensorflow.join(', ')}`);
    writeFileSync(
      join(evalOnly, 'eval.mjs'),
      `import { compareRuns, evaluateRun } from '@limit/eval';
const qrels = { q1: { a: 1 }, q2: { b: 1 } };
const run = { q1: { a: 2, b: 1 }, q2: { a: 2, b: 1 } };
console.log(JSON.stringify({ mean: evaluateRun(qrels, run, { measures: ['nDCG@10', 'P@1'] }).mean, p: compareRuns(qrels, run, run, { measure: 'RR' }).pValue }));
`,
    );
    const out = JSON.parse(run('node', ['eval.mjs'], { cwd: evalOnly }).trim().split('\n').pop());
    check(out.mean['P@1'] === 0.5 && out.p === 1, `@limit/eval alone: unexpected ${JSON.stringify(out)}`);
    // no onnxruntime-node installed (an optional peer): trec_eval names work, and loading a model is a
    // BackendUnavailableError naming the install command (issue 22 / 19)
    check(!existsSync(join(evalOnly, 'node_modules', 'onnxruntime-node')), '@limit/eval installed onnxruntime-node, an optional peer dependency');
    writeFileSync(
      join(evalOnly, 'no-ort.mjs'),
      `import { evaluateRun } from '@limit/eval';
import { loadOnnxEncoder } from '@limit/eval/node';
const named = evaluateRun({ q: { a: 1, b: 0 } }, { q: { b: 2, x: 1.5, a: 1 } }, { measures: ['ndcg_cut_10', 'P_5', 'Rprec', 'bpref', 'recall_100'] }).mean;
let error = '';
try { await loadOnnxEncoder(process.argv[2]); } catch (e) { error = e.name + ': ' + e.message; }
console.log(JSON.stringify({ named, error }));
`,
    );
    const noOrt = JSON.parse(run('node', ['no-ort.mjs', join(root, 'packages', 'eval', 'test', 'fixtures', 'tiny-model')], { cwd: evalOnly }).trim().split('\n').pop());
    // hand-computed: ranking b (judged non-relevant), x (unjudged), a; R = 1: P_5 = 1/5, Rprec = 0, bpref = 1 − 1/1 = 0, recall = 1
    check(noOrt.named.P_5 === 0.2 && noOrt.named.Rprec === 0 && noOrt.named.bpref === 0 && noOrt.named.recall_100 === 1, `trec_eval names from the tarball: ${JSON.stringify(noOrt.named)}`);
    check(/BackendUnavailableError/.test(noOrt.error) && /npm i onnxruntime-node/.test(noOrt.error), `loadOnnxEncoder without onnxruntime-node: ${noOrt.error}`);
    // measures by name against the independent Python trec_eval re-implementation (ties, graded labels)
    writeFileSync(
      join(evalOnly, 'trec-eval-truth.mjs'),
      `import { readFileSync } from 'node:fs';
import { compareRuns, evaluateRun } from '@limit/eval';
const reference = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const truth = { 'ndcg@10': 'ndcg_at_10', 'recall@100': 'recall_at_100', 'precision@5': 'precision_at_5', map: 'map_at_1000', 'nDCG@10': 'ndcg_at_10', 'R@100': 'recall_at_100', 'P@5': 'precision_at_5', AP: 'map_at_1000' };
let worst = 0;
for (const c of reference.cases) {
  if (Math.max(...Object.values(c.run).map((r) => Object.keys(r).length)) > 1000) throw new Error('uncut map needs runs of at most 1000 documents');
  const { mean } = evaluateRun(c.qrels, c.run, { measures: Object.keys(truth) });
  for (const [name, key] of Object.entries(truth)) worst = Math.max(worst, Math.abs(mean[name] - c.mean[key]));
}
// a clearly better run (relevant document first instead of fourth) and a run against itself
const qrels = {}, worse = {}, better = {};
for (let i = 0; i < 30; i++) {
  qrels['q' + i] = { rel: 1 };
  worse['q' + i] = { a: 4, b: 3, c: 2, rel: 1 };
  better['q' + i] = i % 5 === 0 ? { a: 4, rel: 3, b: 2 } : { rel: 4, a: 3 };
}
const better_ = compareRuns(qrels, worse, better, { measure: 'nDCG@10', seed: 1 });
const self = compareRuns(qrels, worse, worse, { measure: 'nDCG@10', seed: 1 });
const tBetter = compareRuns(qrels, worse, better, { measure: 'RR', test: 't-test' });
console.log(JSON.stringify({ cases: reference.cases.length, worst, pBetter: better_.pValue, pSelf: self.pValue, tBetter: tBetter.pValue }));
`,
    );
    const truth = JSON.parse(
      run('node', ['trec-eval-truth.mjs', join(root, 'packages', 'eval', 'test', 'fixtures', 'metrics-reference.json')], { cwd: evalOnly }).trim().split('\n').pop(),
    );
    check(truth.cases >= 3 && truth.worst <= 1e-4, `evaluateRun({ measures }) differs from trec_eval by ${truth.worst} (> 1e-4)`);
    check(truth.pBetter < 0.05 && truth.tBetter < 0.05, `compareRuns: a clearly better run gave p = ${truth.pBetter} (randomization), ${truth.tBetter} (t-test)`);
    check(truth.pSelf > 0.9, `compareRuns: a run against itself gave p = ${truth.pSelf}`);
    log(`evaluateRun({ measures }) vs trec_eval on ${truth.cases} cases: max |Δ| ${truth.worst.toExponential(1)}; compareRuns p = ${truth.pBetter.toPrecision(2)} (better, randomization), ${truth.tBetter.toPrecision(2)} (t-test), ${truth.pSelf} (itself)`);
    log(`@limit/eval without losses/trainer: ${Object.keys(lock.packages).length - 1} packages, no @tensorflow; evaluateRun/compareRuns ran`);
  } catch (error) {
    check(false, `@limit/eval without losses/trainer failed: ${error.message}`);
  }
}
