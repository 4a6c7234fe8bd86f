// The measurements behind the numbers in README.md and docs/: how each is run and what its results file
// keeps. `node measure.mjs NAME` runs one and writes docs/measurements/NAME.json; the guides cite those files.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = 'node packages/cli/dist/cli.js';

/** numpy_reference.py: LIMIT_NUMPY_REFERENCE, else the shared bench folder beside the checkout. */
function numpyReference(root) {
  const candidates = [process.env.LIMIT_NUMPY_REFERENCE, join(root, '..', 'shared', 'bench', 'numpy_reference.py'), join(root, '..', '..', 'shared', 'bench', 'numpy_reference.py')].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (found === undefined) throw new Error(`numpy_reference.py not found (set LIMIT_NUMPY_REFERENCE; looked in ${candidates.join(', ')})`);
  return found;
}

function criticalN(name, dims, { slow = false } = {}) {
  return {
    name,
    slow,
    description: `limit critical-n --d ${dims} (seed 42, default executor: worker threads, fresh --out): the critical-n table, fits and wall time`,
    async run({ exec }) {
      const out = mkdtempSync(join(tmpdir(), `measure-${name}-`));
      try {
        const command = `${CLI} critical-n --d ${dims} --out ${out}`;
        const { wallSeconds, stdout } = await exec(command);
        const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
        const engines = [...stdout.matchAll(/\b(native-\w+|native|js|onnx-\w+|tfjs-\w+|webgpu)\s+float(?:32|64)\b/g)].map((m) => m[1]);
        return { command: command.replace(out, 'OUT'), results: { wallSeconds, engines: [...new Set(engines)], summary } };
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
  };
}

const EXAMPLES = [
  ['free-embeddings-walkthrough', 'the free-embedding experiment for d = 4, 5, 6, its accuracy-vs-n chart, every results field explained'],
  ['embedding-table-mlp', 'the makemore MLP: an embedding table as a lookup, a learning-rate range test, AdamW weight decay'],
  ['collaborative-filtering', 'dot-product factorisation with weight decay: held-out error against rank'],
  ['late-interaction-and-svd', 'MaxSim against single-vector scoring on LIMIT-small; the qrel matrix\'s SVD against free embeddings'],
  ['retriever-losses', 'a bi-encoder trained with InfoNCE, hard negatives, a hinge and Matryoshka, evaluated with @limit/eval'],
];

/** Every measurement, in the order `measure.mjs` runs them. */
export const MEASUREMENTS = [
  {
    name: 'result-fields',
    kind: 'generated',
    description: "the results-file glossary, from @limit/trainer's RESULT_FIELDS",
    async run({ root }) {
      const { RESULT_FIELDS } = await import(join(root, 'packages/trainer/dist/index.js'));
      return { command: 'RESULT_FIELDS from @limit/trainer', results: { fields: RESULT_FIELDS.map((f) => ({ ...f })) } };
    },
  },
  {
    name: 'limit-hardness',
    description: 'BM25 recall on generated LIMIT-small and LIMIT (seed 0), and the text statistics of the generator',
    async run({ exec }) {
      const command = 'node packages/eval/bench/limit-hardness.mjs --seed 0';
      const { stdout } = await exec(command);
      return { command, results: JSON.parse(stdout) };
    },
  },
  criticalN('critical-n-d4-8', '4..8'),
  criticalN('critical-n-d4-20', '4..20', { slow: true }),
  {
    name: 'critical-n-plan',
    description: 'the capacity plan for d = 4..45 on 1, 8 and 64 workers (nothing trained)',
    async run({ exec }) {
      const command = `${CLI} critical-n --d 4..45 --plan --workers 1,8,64`;
      const { stdout } = await exec(command);
      return { command, results: { stdout } };
    },
  },
  {
    name: 'bench-step',
    description: 'steps per second of the default engine against numpy running the identical step, same run',
    async run({ exec, root }) {
      const numpy = numpyReference(root);
      const sizes = [];
      for (const [n, d] of [[300, 16], [100, 8]]) {
        const { stdout } = await exec(`${CLI} bench-step --n ${n} --d ${d} --repeats 3 --numpy ${numpy} --json`, { env: { OPENBLAS_CORETYPE: undefined, OPENBLAS_L2_SIZE: undefined } });
        sizes.push(JSON.parse(stdout));
      }
      return { command: `env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE ${CLI} bench-step --n N --d D --repeats 3 --numpy numpy_reference.py --json (n, d = 300, 16 and 100, 8)`, results: { sizes } };
    },
  },
  {
    name: 'bounds',
    description: "Theorem 1's dimension bound at margin 0.1 for the paper's eight (n, k)",
    async run({ exec }) {
      const cases = [[100, 2, 4], [1000, 2, 6], [10000, 2, 8], [1000000, 2, 12], [1000000000, 2, 17], [1000, 10, 23], [1000000, 10, 52], [10000, 100, 233]];
      const rows = [];
      for (const [n, k, paper] of cases) {
        const { stdout } = await exec(`${CLI} bounds --n ${n} --k ${k} --margin 0.1 --json`);
        rows.push({ n: String(n), k, paper, dimension: JSON.parse(stdout).theorem1.dimension });
      }
      return { command: `${CLI} bounds --n N --k K --margin 0.1 --json (the paper's eight cases)`, results: { rows } };
    },
  },
  {
    name: 'examples',
    description: "each example app's `start` at its default size, from a fresh out/ with the build cached: what it prints and its wall time",
    async run({ exec, root }) {
      // the build, once and untimed, so each wall time is the lesson's (start's own build step is then cached);
      // each example's out/ is removed first, so the walkthrough trains instead of reading earlier runs back
      await exec(`npx -y pnpm@10 turbo run build ${EXAMPLES.map(([name]) => `--filter=./examples/${name}...`).join(' ')} --output-logs=errors-only >&2`);
      const examples = [];
      for (const [name, description] of EXAMPLES) {
        rmSync(join(root, 'examples', name, 'out'), { recursive: true, force: true });
        const command = `pnpm --filter ./examples/${name} start`;
        const { wallSeconds, stdout, exitCode } = await exec(`npx -y pnpm@10 --silent --filter ./examples/${name} start`, { allowFailure: true });
        examples.push({ name, description, command, wallSeconds, exitCode, stdout });
      }
      return { command: 'pnpm --filter ./examples/<each> start', results: { examples } };
    },
  },
];
