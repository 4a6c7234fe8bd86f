import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { DataFormatError, InvalidArgumentError } from '@limit/core';
import { assertWritableOutput, writeJsonAtomic } from '@limit/core/node';
import { datasetDigest, readDataset, readDatasetMetadata } from '@limit/datasets/node';
import { readFile } from 'node:fs/promises';
import {
  PAPER_RESULTS,
  createBm25Retriever,
  createDenseRetriever,
  createMaxSimRetriever,
  createMemoryEmbeddingCache,
  createNgramRetriever,
  compareRuns,
  evaluateRetriever,
  evaluateRun,
  formatResultsTable,
  identifyLimitTask,
  LIMIT_MTEB_TASKS,
  MEASURE_SPELLINGS,
  RETRIEVER_KINDS,
  parseMeasure,
  toMtebResult,
  validateRetrievalDataset,
} from '@limit/eval';
import type { DatasetDigestRecord, MeasureName, MtebResult, ParsedMeasure, Retriever, ResultsRow, RunComparison } from '@limit/eval';
import { createOnnxRuntimeScorer, loadOnnxEncoder, readTrecRun, writeMtebResults, writeTrecQrels, writeTrecRun } from '@limit/eval/node';
import { Progress } from '../util/progress.js';
import { formatMarkdownTable } from '../util/table.js';
import { parseInteger, parseIntegerList, parseReal, withFlagNames, withFlagNamesSync } from '../util/options.js';

/** Library parameter names → the flags that set them. */
const EVALUATE_FLAGS = {
  k1: '--k1',
  b: '--b',
  batchSize: '--batch-size',
  'options.batchSize': '--batch-size',
  dims: '--dims',
  'options.dims': '--dims',
  k: '--cutoffs',
  depth: '--cutoffs',
  pooling: '--pooling',
  dtype: '--dtype',
  modelFile: '--model-file',
  'options.promptName': '--query-prompt-name / --document-prompt-name',
};

const RETRIEVERS = RETRIEVER_KINDS.map((r) => r.id);
type RetrieverName = 'bm25' | 'ngram' | 'onnx' | 'maxsim';

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
  queryPrompt?: string;
  documentPrompt?: string;
  dtype?: string;
  modelFile?: string;
  datasetRevision?: string;
  digests?: string;
}

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('Evaluate a retriever (BM25, n-gram hashing, an ONNX embedding model, or MaxSim) on a dataset folder in the MTEB layout')
    .requiredOption('--data <dir>', 'dataset folder with corpus.jsonl, queries.jsonl, qrels.jsonl (generated or the official LIMIT files)')
    .requiredOption('--retriever <name>', RETRIEVER_KINDS.map((r) => `${r.id}: ${r.description}${r.needsModel ? ' (needs --model)' : ''}`).join('; '))
    .option('--model <dir>', 'Hugging Face-style model folder (model.onnx, tokenizer.json, config.json) for onnx / maxsim')
    .option('--dims <list>', 'comma-separated Matryoshka dimensions to evaluate, e.g. 32,64,128 (onnx / maxsim)')
    .option('--json', 'print MTEB-format JSON instead of the table')
    .option('--out <file>', 'write MTEB-format JSON results to this file')
    .option('--run <file>', 'write the retrieved run in TREC format (qid Q0 docid rank score tag; ids with whitespace or % written as %XX); with several --dims, one file per dimension (<file>.<name>)')
    .option('--trec-qrels <file>', 'write the dataset\'s qrels in TREC format (qid 0 docid rel, ids mapped as in --run), so trec_eval on the pair reproduces these numbers')
    .option('--task <name>', 'MTEB task name in the JSON (default LIMITSmallRetrieval for ≤ 1000 documents, else LIMITRetrieval)')
    .option('--cache <dir>', 'on-disk embedding cache folder (onnx / maxsim)')
    .option('--batch-size <n>', 'texts per model call', '32')
    .option('--pooling <mode>', 'cls, mean, max, mean_sqrt_len_tokens, weightedmean or lasttoken, or several comma-separated (default: the folder\'s 1_Pooling/config.json, else mean)')
    .option('--query-prompt <text>', 'prefix for every query, e.g. "query: " (default: the folder\'s query prompt from config_sentence_transformers.json; "" for none)')
    .option('--document-prompt <text>', 'prefix for every document, e.g. "passage: " (default: the folder\'s document / passage / corpus prompt; "" for none)')
    .option('--dtype <dtype>', 'which ONNX export to load, transformers.js names: fp32, fp16, q8, int8, uint8, q4, q4f16, bnb4 (onnx/model_<dtype>.onnx)')
    .option('--model-file <path>', 'the ONNX file inside the model folder, e.g. onnx/model_quantized.onnx (instead of --dtype)')
    .option('--dataset-revision <rev>', 'dataset_revision to write; an official LIMIT revision also files results under its task (default: from a recorded digest of the files, else the digest itself)')
    .option('--digests <file>', 'JSON file of recorded dataset digests: read to recognise official files; with --dataset-revision <official rev>, the digest of these files is recorded there')
    .option('--k1 <x>', 'BM25 k1 (default 1.5)')
    .option('--b <x>', 'BM25 b (default 0.75)')
    .option('--results-dir <dir>', 'write an MTEB results folder: <dir>/results/<model>/local/<Task>.json plus model_meta.json (what mteb.load_results reads)')
    .option('--baseline-run <file>', 'compare against this TREC run (e.g. written by an earlier --run) with a paired significance test; the comparison is then the result on stdout')
    .option(
      '--measure <names>',
      `comma-separated measures, by ranx / ir_measures names (${MEASURE_SPELLINGS.ranx.join(', ')}: family@k, P(rel=2)@5, …) or trec_eval names (${MEASURE_SPELLINGS.trecEvalCut.map((f) => `${f}_k`).join(', ')}, ${MEASURE_SPELLINGS.trecEvalPlain.join(', ')}): the table's columns, and the measures of --baseline-run's test (default R@2 for the LIMIT tasks, else nDCG@10); checked before anything runs`,
    )
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
  // Measure names are checked before any file is read or any model loaded.
  const measures = options.measure === undefined ? undefined : parseMeasureList(options.measure);
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
  const pooling = options.pooling === undefined ? undefined : parsePooling(options.pooling);
  const digestsFile = options.digests === undefined ? undefined : resolve(options.digests);
  const recordedDigests = digestsFile === undefined ? [] : await readDigests(digestsFile);
  const dataset = await readDataset(resolve(options.data));
  const dataDigest = await datasetDigest(resolve(options.data));
  const metadata = await readDatasetMetadata(resolve(options.data));
  if (options.trecQrels) {
    const qrels: Record<string, Record<string, number>> = {};
    for (const r of dataset.qrels) (qrels[r.queryId] ??= {})[r.docId] = r.score;
    await writeTrecQrels(resolve(options.trecQrels), qrels, { encodeIds: true });
    process.stderr.write(`wrote ${options.trecQrels}\n`);
  }
  const variant = dataset.corpus.length <= 1000 ? 'small' : 'full';
  const identity = identifyLimitTask({
    numDocs: dataset.corpus.length,
    digest: dataDigest,
    ...(metadata ? { generator: metadata.generator } : {}),
    ...(options.datasetRevision !== undefined ? { datasetRevision: options.datasetRevision } : {}),
    ...(options.task !== undefined ? { taskName: options.task } : {}),
    digests: recordedDigests,
  });
  const taskName = identity.taskName;
  process.stderr.write(
    `${basename(resolve(options.data))}: ${dataset.corpus.length} documents, ${dataset.queries.length} queries, ${dataset.qrels.length} qrels (${variant === 'small' ? 'LIMIT-small' : 'full LIMIT'} reference numbers)\n` +
      `task ${taskName}, dataset_revision ${identity.datasetRevision}: ${identity.reason}\n` +
      (identity.kind === 'official'
        ? ''
        : `note: these numbers are on ${identity.kind} data, not on the official release (orionweller/LIMIT${variant === 'small' ? '-small' : ''}); the paper's rows below are on the release\n`) +
      `note: the official limit-small is not a subset of limit: their 46 relevant people differ and only 552 of the 1,000 query texts are the same; evaluate each split with its own qrels\n`,
  );
  if (digestsFile !== undefined && identity.kind === 'official' && options.datasetRevision !== undefined) {
    const task = (Object.keys(LIMIT_MTEB_TASKS) as (keyof typeof LIMIT_MTEB_TASKS)[]).find((t) => LIMIT_MTEB_TASKS[t].datasetRevision === options.datasetRevision)!;
    if (!recordedDigests.some((r) => r.digest === dataDigest)) {
      const record: DatasetDigestRecord = { digest: dataDigest, task, revision: options.datasetRevision, source: `recorded by limit evaluate --dataset-revision from ${resolve(options.data)} on ${new Date().toISOString().slice(0, 10)}` };
      await writeJsonAtomic(digestsFile, [...recordedDigests, record]);
      process.stderr.write(`recorded the digest of these files as ${task} at ${options.datasetRevision} in ${options.digests}\n`);
    }
  }

  const retrievers: Retriever[] = [];
  let dispose: (() => Promise<void>) | undefined;
  if (name === 'bm25') {
    retrievers.push(withFlagNamesSync(EVALUATE_FLAGS, () => createBm25Retriever({ ...(k1 !== undefined ? { k1 } : {}), ...(b !== undefined ? { b } : {}) })));
  } else if (name === 'ngram') {
    retrievers.push(createNgramRetriever());
  } else {
    if (!options.model) throw new InvalidArgumentError({ parameter: '--model', value: undefined, message: `--retriever ${name} needs --model DIR` });
    const encoder = await withFlagNames(EVALUATE_FLAGS, () =>
      loadOnnxEncoder(resolve(options.model!), {
        ...(options.cache ? { cacheDir: resolve(options.cache) } : { cache: createMemoryEmbeddingCache() }),
        ...(pooling ? { pooling } : {}),
        ...(options.dtype !== undefined ? { dtype: options.dtype as never } : {}),
        ...(options.modelFile !== undefined ? { modelFile: options.modelFile } : {}),
      }),
    );
    if (encoder.similarity !== 'cosine' && encoder.similarity !== 'dot') {
      await encoder.dispose();
      throw new InvalidArgumentError({ parameter: '--model', value: encoder.similarity, message: `the model's similarity_fn_name is ${encoder.similarity}; dense search here supports cosine and dot` });
    }
    const prompts = { ...(options.queryPrompt !== undefined ? { queryPrompt: options.queryPrompt } : {}), ...(options.documentPrompt !== undefined ? { documentPrompt: options.documentPrompt } : {}) };
    process.stderr.write(`model: pooling ${encoder.pooling.join('+')}, ${encoder.normalize ? 'normalised' : 'not normalised'}, similarity ${encoder.similarity}, prompts ${JSON.stringify(encoder.prompts)}\n`);
    const scorer = name === 'onnx' ? await createOnnxRuntimeScorer() : undefined;
    dispose = async () => {
      await scorer?.dispose?.();
      await encoder.dispose();
    };
    for (const d of dims ?? [undefined]) {
      const common = { ...(d ? { dims: d } : {}), batchSize };
      retrievers.push(
        name === 'onnx'
          ? createDenseRetriever(encoder, { ...common, ...prompts, similarity: encoder.similarity === 'dot' ? 'dot' : encoder.normalize ? 'dot' : 'cosine', ...(scorer ? { scorer } : {}) })
          : createMaxSimRetriever(encoder, common),
      );
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
      results.push(
        toMtebResult(r.evaluation, {
          taskName,
          datasetRevision: identity.datasetRevision,
          evaluationTime: r.seconds,
          date: new Date(),
          ...(identity.kind === 'official' ? {} : { dataset: { kind: identity.kind, digest: dataDigest, ...(metadata ? { generator: metadata.generator } : {}) } }),
        }),
      );
      if (measures !== undefined) {
        const named = evaluateRun(validateRetrievalDataset(dataset), r.run, { measures: measures.map((m) => m.name as MeasureName) });
        Object.assign(rows[rows.length - 1]!.scores, named.mean);
      }
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
    const testMeasures = (measures ?? [parseMeasure(taskName.startsWith('LIMIT') ? 'R@2' : 'nDCG@10', '--measure')]).map((m) => m.name as MeasureName);
    const test = options.test ?? 'randomization';
    if (test !== 'randomization' && test !== 't-test') throw new InvalidArgumentError({ parameter: '--test', value: test, message: 'must be randomization or t-test' });
    const trials = options.trials === undefined ? 10_000 : parseInteger('--trials', options.trials, { min: 1 });
    const baseline = await readTrecRun(resolve(options.baselineRun));
    const qrels = validateRetrievalDataset(dataset);
    const comparisons: (RunComparison & { baseline: string; retriever: string })[] = runs.flatMap((r) =>
      testMeasures.map((measure) => ({ baseline: basename(options.baselineRun!), retriever: r.name, ...compareRuns(qrels, baseline, r.run, { measure, test, trials }) })),
    );
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
    measures !== undefined
      ? measures.map((m) => m.name)
      : cutoffs !== undefined
      ? [...cutoffs.map((c) => `recall_at_${c}`), ...cutoffs.filter((c) => c === 10).map(() => 'ndcg_at_10')]
      : variant === 'small' ? ['recall_at_2', 'recall_at_10', 'recall_at_20', 'ndcg_at_10'] : ['recall_at_2', 'recall_at_10', 'recall_at_100', 'ndcg_at_10'];
  // a named measure equal to an MTEB key (R@2 = recall_at_2) shows the paper's number too
  const mtebKey = (m: ParsedMeasure) => (m.cutoff !== undefined && m.relevanceLevel === undefined && ['recall', 'ndcg', 'map', 'precision', 'mrr', 'success'].includes(m.family) ? `${m.family}_at_${m.cutoff}` : undefined);
  const paper = PAPER_RESULTS.filter((p) => p.variant === variant).map((p) => ({
    label: p.model,
    scores: measures === undefined ? p.scores : Object.fromEntries(measures.flatMap((m) => (mtebKey(m) !== undefined && p.scores[mtebKey(m)!] !== undefined ? [[m.name, p.scores[mtebKey(m)!]!]] : []))),
  }));
  process.stdout.write(`${formatResultsTable([...rows, ...paper], metrics)}\n`);
  if (identity.kind !== 'official') {
    process.stdout.write(`\n${taskName}: ${identity.kind} data, not the official release — the (paper) rows are numbers on the release, not on these files.\n`);
  }
}

function parseDims(text: string | undefined): number[] | undefined {
  return text === undefined ? undefined : parseIntegerList('--dims', text, { min: 1 });
}

const POOLING = ['cls', 'mean', 'max', 'mean_sqrt_len_tokens', 'weightedmean', 'lasttoken'] as const;

function parsePooling(text: string): (typeof POOLING)[number][] {
  const modes = text.split(',').map((m) => m.trim());
  for (const m of modes) {
    if (!(POOLING as readonly string[]).includes(m)) throw new InvalidArgumentError({ parameter: '--pooling', value: m, message: `must be one or more of ${POOLING.join(', ')}` });
  }
  return modes as (typeof POOLING)[number][];
}

/** Splits a comma-separated measure list (commas inside ir_measures' parentheses kept) and checks every name. */
function parseMeasureList(text: string): ParsedMeasure[] {
  const names: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      names.push(current.trim());
      current = '';
    } else current += c;
  }
  names.push(current.trim());
  return names.map((n) => parseMeasure(n, '--measure'));
}

async function readDigests(file: string): Promise<DatasetDigestRecord[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new DataFormatError({ file, line: 0, message: `cannot read the digests file (${(error as Error).message})`, cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DataFormatError({ file, line: 0, message: `not valid JSON: ${(error as Error).message}`, cause: error });
  }
  const ok = (r: unknown): r is DatasetDigestRecord => {
    const x = r as DatasetDigestRecord | null;
    return x !== null && typeof x === 'object' && typeof x.digest === 'string' && typeof x.revision === 'string' && Object.hasOwn(LIMIT_MTEB_TASKS, x.task) && typeof x.source === 'string';
  };
  if (!Array.isArray(json) || !json.every(ok)) throw new DataFormatError({ file, line: 1, message: 'not a digests file (expected a JSON array of { digest, task, revision, source })' });
  return json;
}
