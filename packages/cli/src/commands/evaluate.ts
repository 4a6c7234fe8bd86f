import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from '@limit/core';
import { writeJsonAtomic } from '@limit/core/node';
import { readDataset } from '@limit/datasets/node';
import {
  PAPER_RESULTS,
  createBm25Retriever,
  createDenseRetriever,
  createMaxSimRetriever,
  createMemoryEmbeddingCache,
  createNgramRetriever,
  evaluateRetriever,
  formatResultsTable,
  toMtebResult,
} from '@limit/eval';
import type { MtebResult, Retriever, ResultsRow } from '@limit/eval';
import { createOnnxRuntimeScorer, loadOnnxEncoder, writeTrecRun } from '@limit/eval/node';
import { Progress } from '../util/progress.js';

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
  task?: string;
  cache?: string;
  batchSize: string;
  pooling?: string;
  k1?: string;
  b?: string;
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
    .option('--run <file>', 'write the retrieved run in TREC format (qid Q0 docid rank score tag); with several --dims, one file per dimension (<file>.<name>)')
    .option('--task <name>', 'MTEB task name in the JSON (default LIMITSmallRetrieval for ≤ 1000 documents, else LIMITRetrieval)')
    .option('--cache <dir>', 'on-disk embedding cache folder (onnx / maxsim)')
    .option('--batch-size <n>', 'texts per model call', '32')
    .option('--pooling <mode>', 'mean or cls (default: from the model folder, else mean)')
    .option('--k1 <x>', 'BM25 k1 (default 1.5)')
    .option('--b <x>', 'BM25 b (default 0.75)')
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
  if (dims !== undefined && (name === 'bm25' || name === 'ngram')) {
    throw new InvalidArgumentError({ parameter: '--dims', value: options.dims, message: `--dims applies to onnx and maxsim, not ${name}` });
  }
  const dataset = await readDataset(resolve(options.data));
  const variant = dataset.corpus.length <= 1000 ? 'small' : 'full';
  const taskName = options.task ?? (variant === 'small' ? 'LIMITSmallRetrieval' : 'LIMITRetrieval');
  process.stderr.write(
    `${basename(resolve(options.data))}: ${dataset.corpus.length} documents, ${dataset.queries.length} queries, ${dataset.qrels.length} qrels (${variant === 'small' ? 'LIMIT-small' : 'full LIMIT'} reference numbers)\n`,
  );

  const retrievers: Retriever[] = [];
  let dispose: (() => Promise<void>) | undefined;
  if (name === 'bm25') {
    retrievers.push(createBm25Retriever({ ...(options.k1 ? { k1: Number(options.k1) } : {}), ...(options.b ? { b: Number(options.b) } : {}) }));
  } else if (name === 'ngram') {
    retrievers.push(createNgramRetriever());
  } else {
    if (!options.model) throw new InvalidArgumentError({ parameter: '--model', value: undefined, message: `--retriever ${name} needs --model DIR` });
    const pooling = options.pooling === undefined ? undefined : options.pooling === 'cls' ? 'cls' : options.pooling === 'mean' ? 'mean' : badPooling(options.pooling);
    const encoder = await loadOnnxEncoder(resolve(options.model), {
      ...(options.cache ? { cacheDir: resolve(options.cache) } : { cache: createMemoryEmbeddingCache() }),
      ...(pooling ? { pooling } : {}),
    });
    const batchSize = Number(options.batchSize);
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
  const results: (MtebResult & { model_name: string })[] = [];
  try {
    for (const retriever of retrievers) {
      let bar: Progress | undefined;
      let stage = '';
      const r = await evaluateRetriever(dataset, retriever, {
        onProgress: (s, done, total) => {
          if (s !== stage) {
            bar?.finish();
            stage = s;
            bar = new Progress({ label: `${retriever.name} ${s}`, total });
          }
          bar?.update(done);
        },
      });
      bar?.finish();
      if (options.run) {
        const file = retrievers.length === 1 ? options.run : `${options.run}.${retriever.name.replace(/[^A-Za-z0-9._-]/g, '_')}`;
        await writeTrecRun(resolve(file), r.run, { tag: retriever.name.replace(/\s/g, '_') });
        process.stderr.write(`wrote ${file}\n`);
      }
      rows.push({ label: retriever.name, scores: r.evaluation.mean });
      results.push({ model_name: retriever.name, ...toMtebResult(r.evaluation, { taskName, evaluationTime: r.seconds }) });
    }
  } finally {
    await dispose?.();
  }

  const json = results.length === 1 ? results[0] : results;
  if (options.out) {
    await writeJsonAtomic(resolve(options.out), json);
    process.stderr.write(`wrote ${options.out}\n`);
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const metrics = variant === 'small' ? ['recall_at_2', 'recall_at_10', 'recall_at_20', 'ndcg_at_10'] : ['recall_at_2', 'recall_at_10', 'recall_at_100', 'ndcg_at_10'];
  const paper = PAPER_RESULTS.filter((p) => p.variant === variant).map((p) => ({ label: p.model, scores: p.scores }));
  process.stdout.write(`${formatResultsTable([...rows, ...paper], metrics)}\n`);
}

function parseDims(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const dims = text.split(',').map((s) => Number(s.trim()));
  if (dims.length === 0 || dims.some((d) => !Number.isSafeInteger(d) || d < 1)) {
    throw new InvalidArgumentError({ parameter: '--dims', value: text, message: 'expected comma-separated positive integers, e.g. 32,64,128' });
  }
  return dims;
}

function badPooling(value: string): never {
  throw new InvalidArgumentError({ parameter: '--pooling', value, message: 'must be mean or cls' });
}
