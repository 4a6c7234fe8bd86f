import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from '@limit/core';
import { assertWritableOutput, writeJsonAtomic } from '@limit/core/node';
import { readDataset } from '@limit/datasets/node';
import {
  PAPER_RESULTS,
  createBm25Retriever,
  createDenseRetriever,
  createMaxSimRetriever,
  createMemoryEmbeddingCache,
  createNgramRetriever,
  compareRuns,
  evaluateRetriever,
  formatResultsTable,
  parseMeasure,
  toMtebResult,
  validateRetrievalDataset,
} from '@limit/eval';
import type { MeasureName, MtebResult, Retriever, ResultsRow, RunComparison } from '@limit/eval';
import { createOnnxRuntimeScorer, loadOnnxEncoder, readTrecRun, writeMtebResults, writeTrecQrels, writeTrecRun } from '@limit/eval/node';
import { Progress } from '../util/progress.js';
import { formatMarkdownTable } from '../util/table.js';
import { parseInteger, parseIntegerList, parseReal, withFlagNames, withFlagNamesSync } from '../util/options.js';

/** Library parameter names → the flags that set them. */
const EVALUATE_FLAGS = { k1: '--k1', b: '--b', batchSize: '--batch-size', 'options.batchSize': '--batch-size', dims: '--dims', 'options.dims': '--dims', k: '--cutoffs', depth: '--cutoffs', pooling: '--pooling' };

const RETRIEVERS = ['bm25', 'ngram', 'onnx', 'maxsim'] as const;
type RetrieverName = (typeof RETRIEVERS)[number];

interface EvaluateOptions {
  data: string;
  retriever: string;
  model?: string;
  dims?: string;
  json?: boolean;
  out?: string;
  run?: string;
  trecQrels?: string;
  task?: string;
  cache?: string;
  batchSize: string;
  pooling?: string;
  k1?: string;
  b?: string;
  resultsDir?: string;
  baselineRun?: string;
  measure?: string;
  test?: string;
  trials?: string;
  cutoffs?: string;
}

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('Evaluate a retriever (BM25, n-gram hashing, an ONNX embedding model, or MaxSim) on a dataset folder in the MTEB layout')
    .requiredOption('--data <dir>', 'dataset folder with corpus.jsonl, queries.jsonl, qrels.jsonl (generated or the official LIMIT files)')
    .requiredOption('--retriever <name>', `one of ${RETRIEVERS.join(', ')}`)
    .option('--model <dir>', 'Hugging Face-style model folder (model.onnx, tokenizer.json, config.json) for onnx / maxsim')
    .option('--dims <list>', 'comma-separated Matryoshka dimensions to evaluate, e.g. 32,64,128 (onnx / maxsim)')
    .option('--json', 'print MTEB-format JSON instead of the table')
    .option('--out <file>', 'write MTEB-format JSON results to this file')
    .option('--run <file>', 'write the retrieved run in TREC format (qid Q0 docid rank score tag; ids with whitespace or % written as %XX); with several --dims, one file per dimension (<file>.<name>)')
    .option('--trec-qrels <file>', 'write the dataset\'s qrels in TREC format (qid 0 docid rel, ids mapped as in --run), so trec_eval on the pair reproduces these numbers')
    .option('--task <name>', 'MTEB task name in the JSON (default LIMITSmallRetrieval for ≤ 1000 documents, else LIMITRetrieval)')
    .option('--cache <dir>', 'on-disk embedding cache folder (onnx / maxsim)')
    .option('--batch-size <n>', 'texts per model call', '32')
    .option('--pooling <mode>', 'mean or cls (default: from the model folder, else mean)')
    .option('--k1 <x>', 'BM25 k1 (default 1.5)')
    .option('--b <x>', 'BM25 b (default 0.75)')
    .option('--results-dir <dir>', 'write an MTEB results folder: <dir>/results/<model>/local/<Task>.json plus model_meta.json (what mteb.load_results reads)')
    .option('--baseline-run <file>', 'compare against this TREC run (e.g. written by an earlier --run) with a paired significance test; the comparison is then the result on stdout')
    .option('--measure <name>', 'measure for --baseline-run, ranx / ir_measures name (default R@2 for the LIMIT tasks, else nDCG@10)')
    .option('--test <name>', 'paired test for --baseline-run: randomization (default) or t-test')
    .option('--trials <n>', 'sign-flip rounds of the randomization test (default 10000)')
    .option('--cutoffs <list>', 'comma-separated cutoffs k for recall@k, nDCG@k, … (default the MTEB set 1,2,3,5,10,20,100,1000)')
    .action(async (options: EvaluateOptions) => {
      await runEvaluate(options);
    });
}

async function runEvaluate(options: EvaluateOptions): Promise<void> {
  const name = options.retriever as RetrieverName;
  if (!(RETRIEVERS as readonly string[]).includes(name)) {
    throw new InvalidArgumentError({ parameter: '--retriever', value: name, message: `must be one of ${RETRIEVERS.join(', ')}` });
  }
  const dims = parseDims(options.dims);
  const cutoffs = options.cutoffs === undefined ? undefined : parseIntegerList('--cutoffs', options.cutoffs, { min: 1 });
  const batchSize = parseInteger('--batch-size', options.batchSize, { min: 1 });
  const k1 = options.k1 === undefined ? undefined : parseReal('--k1', options.k1, { min: 0 });
  const b = options.b === undefined ? undefined : parseReal('--b', options.b, { min: 0, max: 1 });
  if (dims !== undefined && (name === 'bm25' || name === 'ngram')) {
    throw new InvalidArgumentError({ parameter: '--dims', value: options.dims, message: `--dims applies to onnx and maxsim, not ${name}` });
  }
  // Output locations are checked before the (possibly long) retrieval.
  for (const [flag, file] of [['--run', options.run], ['--trec-qrels', options.trecQrels], ['--out', options.out]] as const) {
    if (file !== undefined) await assertWritableOutput(flag, resolve(file));
  }
  const dataset = await readDataset(resolve(options.data));
  if (options.trecQrels) {
    const qrels: Record<string, Record<string, number>> = {};
    for (const r of dataset.qrels) (qrels[r.queryId] ??= {})[r.docId] = r.score;
    await writeTrecQrels(resolve(options.trecQrels), qrels, { encodeIds: true });
    process.stderr.write(`wrote ${options.trecQrels}\n`);
  }
  const variant = dataset.corpus.length <= 1000 ? 'small' : 'full';
  const taskName = options.task ?? (variant === 'small' ? 'LIMITSmallRetrieval' : 'LIMITRetrieval');
  process.stderr.write(
    `${basename(resolve(options.data))}: ${dataset.corpus.length} documents, ${dataset.queries.length} queries, ${dataset.qrels.length} qrels (${variant === 'small' ? 'LIMIT-small' : 'full LIMIT'} reference numbers)\n`,
  );

  const retrievers: Retriever[] = [];
  let dispose: (() => Promise<void>) | undefined;
  if (name === 'bm25') {
    retrievers.push(withFlagNamesSync(EVALUATE_FLAGS, () => createBm25Retriever({ ...(k1 !== undefined ? { k1 } : {}), ...(b !== undefined ? { b } : {}) })));
  } else if (name === 'ngram') {
    retrievers.push(createNgramRetriever());
  } else {
    if (!options.model) throw new InvalidArgumentError({ parameter: '--model', value: undefined, message: `--retriever ${name} needs --model DIR` });
    const pooling = options.pooling === undefined ? undefined : options.pooling === 'cls' ? 'cls' : options.pooling === 'mean' ? 'mean' : badPooling(options.pooling);
    const encoder = await loadOnnxEncoder(resolve(options.model), {
      ...(options.cache ? { cacheDir: resolve(options.cache) } : { cache: createMemoryEmbeddingCache() }),
      ...(pooling ? { pooling } : {}),
    });
    const scorer = name === 'onnx' ? await createOnnxRuntimeScorer() : undefined;
    dispose = async () => {
      await scorer?.dispose?.();
      await encoder.dispose();
    };
    for (const d of dims ?? [undefined]) {
      const common = { ...(d ? { dims: d } : {}), batchSize };
      retrievers.push(name === 'onnx' ? createDenseRetriever(encoder, { ...common, ...(scorer ? { scorer } : {}) }) : createMaxSimRetriever(encoder, common));
    }
  }

  const rows: ResultsRow[] = [];
  const results: MtebResult[] = [];
  const runs: { name: string; run: Awaited<ReturnType<typeof evaluateRetriever>>['run'] }[] = [];
  try {
    for (const retriever of retrievers) {
      let bar: Progress | undefined;
      let stage = '';
      const r = await withFlagNames(EVALUATE_FLAGS, () => evaluateRetriever(dataset, retriever, {
        ...(cutoffs !== undefined ? { k: cutoffs } : {}),
        onProgress: (s, done, total) => {
          if (s !== stage) {
            bar?.finish();
            stage = s;
            bar = new Progress({ label: `${retriever.name} ${s}`, total });
          }
          bar?.update(done);
        },
      }));
      bar?.finish();
      if (options.run) {
        const file = retrievers.length === 1 ? options.run : `${options.run}.${retriever.name.replace(/[^A-Za-z0-9._-]/g, '_')}`;
        await writeTrecRun(resolve(file), r.run, { tag: retriever.name.replace(/\s/g, '_'), encodeIds: true });
        process.stderr.write(`wrote ${file}\n`);
      }
      rows.push({ label: retriever.name, scores: r.evaluation.mean });
      results.push(toMtebResult(r.evaluation, { taskName, evaluationTime: r.seconds }));
      runs.push({ name: retriever.name, run: r.run });
    }
  } finally {
    await dispose?.();
  }

  // one retriever: the task result itself; several (--dims): keyed by retriever (the model name lives in
  // model_meta.json of an MTEB results folder, not in the task result; see --results-dir)
  const json = results.length === 1 ? results[0] : Object.fromEntries(results.map((r, i) => [retrievers[i]!.name, r]));
  if (options.resultsDir) {
    for (const [i, r] of results.entries()) {
      const files = await writeMtebResults(resolve(options.resultsDir), [r], { modelName: retrievers[i]!.name });
      process.stderr.write(`wrote ${files.join(', ')}\n`);
    }
  }
  if (options.baselineRun) {
    const measure = parseMeasure(options.measure ?? (taskName.startsWith('LIMIT') ? 'R@2' : 'nDCG@10'), '--measure').name as MeasureName;
    const test = options.test ?? 'randomization';
    if (test !== 'randomization' && test !== 't-test') throw new InvalidArgumentError({ parameter: '--test', value: test, message: 'must be randomization or t-test' });
    const trials = options.trials === undefined ? 10_000 : parseInteger('--trials', options.trials, { min: 1 });
    const baseline = await readTrecRun(resolve(options.baselineRun));
    const qrels = validateRetrievalDataset(dataset);
    const comparisons: (RunComparison & { baseline: string; retriever: string })[] = runs.map((r) => ({
      baseline: basename(options.baselineRun!),
      retriever: r.name,
      ...compareRuns(qrels, baseline, r.run, { measure, test, trials }),
    }));
    if (options.json) {
      process.stdout.write(`${JSON.stringify(comparisons.map(({ perQueryDifference: _d, ...c }) => c), null, 2)}\n`);
    } else {
      // one number format per column, 4 significant digits (3 for p), differences signed
      const table = formatMarkdownTable(
        ['baseline', 'retriever', 'measure', 'baseline mean', 'mean', 'difference', 'p-value', 'test'],
        comparisons.map((c) => [c.baseline, c.retriever, c.measure, c.meanA, c.meanB, c.meanDifference, c.pValue, `${c.test} (${c.numQueries} queries)`]),
        { digits: [undefined, undefined, undefined, 4, 4, 4, 3], signed: [false, false, false, false, false, true] },
      );
      process.stdout.write(`${table}\n`);
    }
    return;
  }
  if (options.out) {
    await writeJsonAtomic(resolve(options.out), json);
    process.stderr.write(`wrote ${options.out}\n`);
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const metrics =
    cutoffs !== undefined
      ? [...cutoffs.map((c) => `recall_at_${c}`), ...cutoffs.filter((c) => c === 10).map(() => 'ndcg_at_10')]
      : variant === 'small' ? ['recall_at_2', 'recall_at_10', 'recall_at_20', 'ndcg_at_10'] : ['recall_at_2', 'recall_at_10', 'recall_at_100', 'ndcg_at_10'];
  const paper = PAPER_RESULTS.filter((p) => p.variant === variant).map((p) => ({ label: p.model, scores: p.scores }));
  process.stdout.write(`${formatResultsTable([...rows, ...paper], metrics)}\n`);
}

function parseDims(text: string | undefined): number[] | undefined {
  return text === undefined ? undefined : parseIntegerList('--dims', text, { min: 1 });
}

function badPooling(value: string): never {
  throw new InvalidArgumentError({ parameter: '--pooling', value, message: 'must be mean or cls' });
}
