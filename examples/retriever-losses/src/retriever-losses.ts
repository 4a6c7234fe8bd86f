/**
 * Losses for a retriever, on generated LIMIT-small (46 documents, 1,000 queries "Who likes X?", 2 relevant
 * documents each). The bi-encoder is the smallest that learns anything: a word-embedding table E, a text's
 * embedding the mean of its words' rows (an "embedding bag"), L2-normalised, shared by queries and
 * documents. It is trained on 800 queries with the losses of `@limit/losses`, one model per loss, and
 * evaluated with `@limit/eval` on the training queries — how well each loss fits LIMIT's top-2 sets at 64
 * dimensions and at prefixes of 32, 16 and 8 (the paper's question) — and on the 200 held-out queries (what
 * carries over to items never asked about):
 *
 * - InfoNCE with in-batch negatives (each query against the other queries' positives: listwise);
 * - InfoNCE with in-batch and one hard negative per query (BM25's best-scoring non-relevant document);
 * - InfoNCE against all 46 documents (the free-embedding experiment's full softmax);
 * - a pairwise hinge on (positive, hard negative);
 * - Matryoshka around the hard-negative InfoNCE, so prefixes of 32, 16 and 8 dimensions are trained too.
 *
 * The embedding bag's gradient is a scatter-add into the rows of E that a text used; it is written out as a
 * tfjs custom gradient, since tfjs-cpu's Gather gradient builds one mask per table row (minutes per step at
 * this size). Everything downstream (normalisation, the losses, Matryoshka's slices) is differentiated by
 * tfjs, which needs `@tensorflow/tfjs`'s registered gradients in plain Node.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core's Node build registers no gradient functions; the umbrella package registers them all
import '@tensorflow/tfjs';
import { assertInteger, assertKnownOptions, createRng, type DenseMatrix, type Rng } from '@limit/core';
import { generateLimitDataset } from '@limit/datasets';
import { createBm25Retriever, createDenseRetriever, createWordTokenizer, evaluateRetriever, type RetrievalDataset } from '@limit/eval';
import { hingeLoss, infoNce, matryoshka } from '@limit/losses';
import { adamW } from '@limit/optim';

/** Texts as lists of word ids into the embedding table. */
export interface Vocabulary {
  readonly words: ReadonlyMap<string, number>;
  readonly encode: (text: string) => number[];
}

/** Every word of `texts` (eval's word tokenizer: lowercased, stop words dropped, Porter-stemmed), sorted. */
export function buildVocabulary(texts: readonly string[]): Vocabulary {
  const tokenize = createWordTokenizer();
  const words = new Map([...new Set(texts.flatMap((t) => tokenize(t)))].sort().map((w, i) => [w, i]));
  return { words, encode: (text) => tokenize(text).flatMap((w) => (words.has(w) ? [words.get(w)!] : [])) };
}

/**
 * The mean of the table's rows for each bag of word ids, as a tfjs op with a hand-written gradient: the
 * rows a bag used get the bag's upstream gradient divided by its length, added up (a scatter-add).
 */
export function embeddingBag(table: tf.Tensor2D, bags: readonly (readonly number[])[]): tf.Tensor2D {
  const [, dim] = table.shape;
  const op = tf.customGrad((input: tf.Tensor | tf.GradSaveFunc) => {
    const t = input as tf.Tensor;
    const rows = t.dataSync();
    const out = new Float32Array(bags.length * dim);
    bags.forEach((bag, b) => {
      for (const w of bag) for (let k = 0; k < dim; k++) out[b * dim + k] = out[b * dim + k]! + rows[w * dim + k]! / bag.length;
    });
    return {
      value: tf.tensor2d(out, [bags.length, dim]),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync();
        const grad = new Float32Array(t.size);
        bags.forEach((bag, b) => {
          for (const w of bag) for (let k = 0; k < dim; k++) grad[w * dim + k] = grad[w * dim + k]! + g[b * dim + k]! / bag.length;
        });
        return tf.tensor2d(grad, t.shape as [number, number]);
      },
    };
  });
  return op(table) as tf.Tensor2D;
}

/** The loss functions compared, each of (query, positive, hard negative, all-document) embeddings. */
export const LOSSES = ['infonce-in-batch', 'infonce-hard-negatives', 'infonce-all-documents', 'hinge-hard-negatives', 'matryoshka-infonce-hard-negatives'] as const;
export type LossName = (typeof LOSSES)[number];

const TEMPERATURE = 0.05;
const MATRYOSHKA_DIMS = [64, 32, 16, 8];

/** Options of {@link runRetrieverLosses}. */
export interface RetrieverLossesOptions {
  readonly dim: number;
  readonly batchSize: number;
  readonly steps: number;
  readonly learningRate: number;
  readonly weightDecay: number;
  readonly trainQueries: number;
  readonly losses: readonly LossName[];
  /** Seed of the data (0: the generator's reference seed), the split, the initial table and the batches. */
  readonly seed: number;
  readonly onProgress?: (line: string) => void;
}

export const DEFAULT_OPTIONS: Omit<RetrieverLossesOptions, 'onProgress'> = {
  dim: 64,
  batchSize: 32,
  steps: 300,
  learningRate: 0.03,
  weightDecay: 0.01,
  trainQueries: 800,
  losses: LOSSES,
  seed: 0,
};

/** recall@2 and @10 (0…1), from @limit/eval. */
export interface Recall {
  readonly r2: number;
  readonly r10: number;
}

export interface LossRow {
  readonly loss: LossName | 'untrained';
  readonly firstLoss: number | null;
  readonly lastLoss: number | null;
  /** Recall on the training queries at the full dimension and at each prefix (Matryoshka truncation). */
  readonly train: Readonly<Record<number, Recall>>;
  /** Recall on the held-out queries at the full dimension. */
  readonly heldOut: Recall;
}

export interface RetrieverLossesResult {
  readonly seed: number;
  readonly words: number;
  readonly split: { readonly train: number; readonly heldOut: number };
  readonly bm25: { readonly heldOut: Recall; readonly train: Recall };
  readonly rows: readonly LossRow[];
  readonly dims: readonly number[];
  readonly seconds: number;
}

/** The dataset with only the given queries (and their qrels). */
function restrict(dataset: RetrievalDataset, ids: ReadonlySet<string>): RetrievalDataset {
  return { corpus: dataset.corpus, queries: dataset.queries.filter((q) => ids.has(q._id)), qrels: dataset.qrels.filter((r) => ids.has(r.queryId)) };
}

/** The whole lesson. */
export async function runRetrieverLosses(options: RetrieverLossesOptions): Promise<RetrieverLossesResult> {
  assertKnownOptions('options', options, [...Object.keys(DEFAULT_OPTIONS), 'onProgress']);
  const started = performance.now();
  const log = options.onProgress ?? (() => {});
  const dim = assertInteger('dim', options.dim, { min: 8 });
  const steps = assertInteger('steps', options.steps, { min: 1 });
  const batchSize = assertInteger('batchSize', options.batchSize, { min: 2 });
  await tf.setBackend('cpu');
  const dataset = generateLimitDataset({ size: 'small', seed: options.seed });
  const rng = createRng(options.seed + 1);
  const order = rng.split().shuffle(dataset.queries.map((q) => q._id));
  const trainIds = new Set(order.slice(0, assertInteger('trainQueries', options.trainQueries, { min: 1, max: order.length - 1 })));
  const heldOutIds = new Set(order.filter((id) => !trainIds.has(id)));
  const trainSet = restrict(dataset, trainIds);
  const heldOutSet = restrict(dataset, heldOutIds);

  const vocabulary = buildVocabulary([...dataset.corpus.map((d) => d.text), ...dataset.queries.map((q) => q.text)]);
  const docIndex = new Map(dataset.corpus.map((d, i) => [d._id, i]));
  const docBags = dataset.corpus.map((d) => vocabulary.encode(d.text));
  const relevant = new Map<string, number[]>();
  for (const r of dataset.qrels) relevant.set(r.queryId, [...(relevant.get(r.queryId) ?? []), docIndex.get(r.docId)!]);
  const trainQueries = trainSet.queries.map((q) => ({ id: q._id, bag: vocabulary.encode(q.text), relevant: relevant.get(q._id)! }));

  // hard negatives, mined once with BM25: each training query's best-scoring non-relevant document
  const bm25 = createBm25Retriever();
  const mined = await bm25.retrieve(trainSet.queries.map((q) => q.text), dataset.corpus.map((d) => d.text), { k: 5 });
  const hardNegative = trainQueries.map((q, i) => {
    const row = Array.from(mined.indices.subarray(i * mined.k, (i + 1) * mined.k));
    return row.find((j) => j >= 0 && !q.relevant.includes(j)) ?? (q.relevant[0] === 0 ? 1 : 0);
  });

  const recall = async (set: RetrievalDataset, encode: (texts: readonly string[], dims?: number) => DenseMatrix, dims: number): Promise<Recall> => {
    const retriever = createDenseRetriever({ encode: async (texts, encodeOptions) => encode(texts, encodeOptions?.dims) }, { similarity: 'cosine', dims });
    const { evaluation } = await evaluateRetriever(set, retriever, { cutoffs: [2, 10] });
    return { r2: evaluation.mean['recall_at_2']!, r10: evaluation.mean['recall_at_10']! };
  };
  const bm25Recall = async (set: RetrievalDataset): Promise<Recall> => {
    const { evaluation } = await evaluateRetriever(set, createBm25Retriever(), { cutoffs: [2, 10] });
    return { r2: evaluation.mean['recall_at_2']!, r10: evaluation.mean['recall_at_10']! };
  };
  const evaluate = async (table: Float32Array, loss: LossRow['loss'], firstLoss: number | null, lastLoss: number | null): Promise<LossRow> => {
    // the encoder keeps the first `dims` entries when the retriever asks for a prefix (EncodeOptions.dims)
    const encode = (texts: readonly string[], dims = dim): DenseMatrix => {
      const full = tf.tidy(() => embeddingBag(tf.tensor2d(table, [vocabulary.words.size, dim]), texts.map((t) => vocabulary.encode(t))).dataSync() as Float32Array);
      const data = new Float32Array(texts.length * dims);
      for (let i = 0; i < texts.length; i++) data.set(full.subarray(i * dim, i * dim + dims), i * dims);
      return { rows: texts.length, cols: dims, data };
    };
    // similarity 'cosine' in the retriever normalises each (truncated) embedding, as training did
    const train: Record<number, Recall> = {};
    for (const d of MATRYOSHKA_DIMS.filter((d) => d <= dim)) train[d] = await recall(trainSet, encode, d);
    return { loss, firstLoss, lastLoss, train, heldOut: await recall(heldOutSet, encode, dim) };
  };

  const initial = (r: Rng) => Float32Array.from({ length: vocabulary.words.size * dim }, () => r.normal());
  const tableRng = rng.split();
  const firstTable = initial(tableRng.split());
  const rows: LossRow[] = [await evaluate(firstTable, 'untrained', null, null)];
  for (const name of options.losses) {
    const table = Float32Array.from(firstTable); // every loss starts from the same table
    const optimizer = adamW([table], { learningRate: options.learningRate, weightDecay: options.weightDecay });
    const batches = createRng(options.seed + 2); // and sees the same batches
    let firstLoss: number | null = null;
    let lastLoss = 0;
    for (let step = 0; step < steps; step++) {
      const picks = Array.from({ length: batchSize }, () => batches.integer(trainQueries.length));
      const queries = picks.map((i) => trainQueries[i]!);
      const positives = queries.map((q) => q.relevant[batches.integer(q.relevant.length)]!);
      const negatives = picks.map((i) => hardNegative[i]!);
      const { value, grads } = tf.tidy(() => {
        const lossOf = (E: tf.Tensor) => {
          const table2d = E as tf.Tensor2D;
          const q = embeddingBag(table2d, queries.map((x) => x.bag));
          const embed = (docs: readonly number[]) => embeddingBag(table2d, docs.map((j) => docBags[j]!));
          const relevance = (candidates: readonly number[]) => tf.tensor2d(queries.flatMap((x) => candidates.map((j) => (x.relevant.includes(j) ? 1 : 0))), [queries.length, candidates.length]);
          const nce = (candidates: readonly number[]) => {
            const rel = relevance(candidates);
            const c = embed(candidates);
            return (a: tf.Tensor, b: tf.Tensor) => infoNce(a as tf.Tensor2D, b as tf.Tensor2D, rel, { temperature: TEMPERATURE, similarity: 'cosine', validate: false });
          };
          switch (name) {
            case 'infonce-in-batch':
              return nce(positives)(q, embed(positives));
            case 'infonce-hard-negatives':
              return nce([...positives, ...negatives])(q, embed([...positives, ...negatives]));
            case 'infonce-all-documents': {
              const all = dataset.corpus.map((_, j) => j);
              return nce(all)(q, embed(all));
            }
            case 'hinge-hard-negatives':
              return hingeLoss(q, embed(positives), embed(negatives), { margin: 0.2, similarity: 'cosine' });
            case 'matryoshka-infonce-hard-negatives': {
              const candidates = [...positives, ...negatives];
              return matryoshka(nce(candidates), MATRYOSHKA_DIMS.filter((d) => d <= dim), { renormalize: true })(q, embed(candidates));
            }
          }
        };
        const result = tf.valueAndGrad(lossOf)(tf.tensor2d(table, [vocabulary.words.size, dim]));
        return { value: result.value.dataSync()[0]!, grads: Float32Array.from(result.grad.dataSync()) };
      });
      firstLoss ??= value;
      lastLoss = value;
      optimizer.step([grads]);
      if (step % 100 === 0) log(`${name}: step ${step}, loss ${value.toFixed(4)}`);
    }
    rows.push(await evaluate(table, name, firstLoss, lastLoss));
    log(`${name}: train R@2 ${(100 * rows.at(-1)!.train[dim]!.r2).toFixed(1)}, held-out R@2 ${(100 * rows.at(-1)!.heldOut.r2).toFixed(1)}`);
  }
  return {
    seed: options.seed,
    words: vocabulary.words.size,
    split: { train: trainIds.size, heldOut: heldOutIds.size },
    bm25: { heldOut: await bm25Recall(heldOutSet), train: await bm25Recall(trainSet) },
    rows,
    dims: MATRYOSHKA_DIMS.filter((d) => d <= dim),
    seconds: (performance.now() - started) / 1000,
  };
}

/** The report printed on stdout. */
export function formatReport(r: RetrieverLossesResult): string {
  const pct = (x: number) => (100 * x).toFixed(1);
  const full = r.dims[0]!;
  const lines = [
    `LIMIT-small, generated (seed ${r.seed}): ${r.words} words; ${r.split.train} training and ${r.split.heldOut} held-out queries over the same 46 documents.`,
    `Bi-encoder: a ${r.words} × ${full} word-embedding table, mean-pooled and L2-normalised; AdamW; recall (%) from @limit/eval.`,
    '',
    `| loss | first → last batch loss | ${r.dims.map((d) => `train R@2, ${d} dims`).join(' | ')} | held-out R@2 | held-out R@10 |`,
    `| --- | --- | ${r.dims.map(() => '---:').join(' | ')} | ---: | ---: |`,
    ...r.rows.map(
      (row) =>
        `| ${row.loss} | ${row.firstLoss === null ? '' : `${row.firstLoss.toFixed(3)} → ${row.lastLoss!.toFixed(3)}`} | ${r.dims.map((d) => pct(row.train[d]!.r2)).join(' | ')} | ${pct(row.heldOut.r2)} | ${pct(row.heldOut.r10)} |`,
    ),
    `| BM25 (reference) | | ${pct(r.bm25.train.r2)} | ${r.dims.slice(1).map(() => '').join(' | ')} | ${pct(r.bm25.heldOut.r2)} | ${pct(r.bm25.heldOut.r10)} |`,
    '',
    'Training recall is how well a loss fits the top-2 sets it was shown (the LIMIT paper\'s question, at each',
    'prefix); held-out recall is what carries over to items no training query asked about. Batch losses are',
    'not comparable across rows (different objectives); recall is. Hard negatives are BM25\'s best-scoring',
    'non-relevant document per training query; Matryoshka trains the prefixes 64, 32, 16 and 8 together.',
  ];
  return `${lines.join('\n')}\n`;
}
