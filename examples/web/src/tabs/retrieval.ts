import { generateLimitDataset } from '@limit/datasets';
import { loadOnnxEncoderFromUrl } from '@limit/eval/web';
import {
  PAPER_RESULTS,
  createBm25Retriever,
  createDenseRetriever,
  createNgramRetriever,
  evaluateRetriever,
  type RetrievalDataset,
  type Retriever,
  type RetrieverEvaluation,
} from '@limit/eval';
import { errorMessage, h, numberField, readNumber, setStatus } from '../dom.js';
import { assetUrl, loadOnnxRuntime } from '../runtime.js';

const CUTOFFS = [2, 10, 20] as const;

/**
 * LIMIT-small retrieval tab: the 46-document LIMIT corpus with its 1,000 queries, retrieved by BM25,
 * by character n-gram hashing, and by an ONNX encoder running in onnxruntime-web (a small model the
 * eval package builds; served by this app). Recall@2/10/20 beside the paper's numbers.
 */
export function mountRetrievalTab(host: HTMLElement): void {
  const form = h('form', { class: 'controls', 'data-testid': 'retrieval-form' }, numberField('dataset seed', 'seed', 0, 0, 2 ** 31));
  const bm25Button = h('button', { type: 'button', class: 'primary', 'data-testid': 'bm25-button' }, 'Run BM25');
  const ngramButton = h('button', { type: 'button', class: 'primary', 'data-testid': 'ngram-button' }, 'Run char n-grams');
  const modelSelect = h('select', { 'data-testid': 'onnx-model' });
  const onnxButton = h('button', { type: 'button', class: 'primary', 'data-testid': 'onnx-button', disabled: true }, 'Run ONNX model');
  form.append(bm25Button, ngramButton, h('label', {}, 'ONNX model', modelSelect), onnxButton);

  const results = h('table', { class: 'results', 'data-testid': 'retrieval-table' });
  results.append(h('tr', {}, h('th', {}, 'retriever'), ...CUTOFFS.map((k) => h('th', {}, `R@${k} %`)), h('th', {}, 'source')));
  for (const paper of PAPER_RESULTS.filter((r) => r.variant === 'small')) {
    results.append(
      h('tr', {}, h('td', {}, paper.model), ...CUTOFFS.map((k) => h('td', {}, formatPercent(paper.scores[`recall_at_${k}`]))), h('td', {}, 'paper')),
    );
  }
  const status = {
    bm25: h('div', { class: 'status', 'data-testid': 'bm25-result', 'data-state': 'idle' }, 'BM25: not run yet.'),
    ngram: h('div', { class: 'status', 'data-testid': 'ngram-result', 'data-state': 'idle' }, 'Character n-grams: not run yet.'),
    onnx: h('div', { class: 'status', 'data-testid': 'onnx-result', 'data-state': 'idle' }, 'ONNX: looking for models…'),
  };
  const hitsList = h('div', { class: 'card', 'data-testid': 'bm25-hits', hidden: true });
  const note = h(
    'p',
    { class: 'note' },
    'LIMIT-small keeps only the 46 relevant documents; each of the 1,000 queries (“Who likes X?”) has two. ',
    'Lexical BM25 finds them easily; the paper shows single-vector embedders do not. The ONNX model here is the ',
    'tiny test encoder the eval package builds (nothing is downloaded): it demonstrates the onnxruntime-web pipeline, not a strong model.',
  );
  host.append(form, status.bm25, status.ngram, status.onnx, results, hitsList, note);

  let cached: { seed: number; dataset: RetrievalDataset } | undefined;
  const dataset = (): RetrievalDataset => {
    const seed = readNumber(form, 'seed');
    if (cached?.seed !== seed) cached = { seed, dataset: generateLimitDataset({ size: 'small', seed }) };
    return cached.dataset;
  };
  const ownRows = new Map<string, HTMLTableRowElement>();

  const busy = (on: boolean): void => {
    bm25Button.disabled = on;
    ngramButton.disabled = on;
    onnxButton.disabled = on || modelSelect.options.length === 0;
  };

  const run = (key: keyof typeof status, label: string, makeRetriever: () => Promise<Retriever>, after?: (e: RetrieverEvaluation, d: RetrievalDataset) => void): void => {
    const node = status[key];
    busy(true);
    setStatus(node, 'running', `${label}: running…`);
    // a macrotask first, so the status paints before synchronous work starts
    setTimeout(() => {
      void (async () => {
        try {
          const data = dataset();
          const retriever = await makeRetriever();
          const result = await evaluateRetriever(data, retriever, {
            k: [...CUTOFFS],
            onProgress: (stage, done, total) => setStatus(node, 'running', `${label}: ${stage} ${done} / ${total}`),
          });
          const mean = result.evaluation.mean;
          node.dataset['queries'] = String(result.evaluation.numQueries);
          for (const k of CUTOFFS) node.dataset[`recall${k}`] = String(mean[`recall_at_${k}`] ?? 0);
          setStatus(
            node,
            'done',
            `${label}: ${CUTOFFS.map((k) => `R@${k} ${formatPercent(mean[`recall_at_${k}`])}%`).join(', ')} over ` +
              `${result.evaluation.numQueries} queries and ${data.corpus.length} documents (${result.seconds.toFixed(2)} s).`,
          );
          const row = h('tr', {}, h('td', {}, label), ...CUTOFFS.map((k) => h('td', {}, formatPercent(mean[`recall_at_${k}`]))), h('td', {}, 'this page'));
          ownRows.get(label)?.remove();
          ownRows.set(label, row);
          results.append(row);
          after?.(result, data);
        } catch (error) {
          setStatus(node, 'error', errorMessage(error));
        } finally {
          busy(false);
        }
      })();
    }, 0);
  };

  const showHits = (result: RetrieverEvaluation, data: RetrievalDataset): void => {
    const relevant = new Set(data.qrels.filter((q) => q.score > 0).map((q) => `${q.queryId}\u0000${q.docId}`));
    const examples = [0, 1, data.queries.length - 1].map((i) => data.queries[i]).filter((q) => q !== undefined);
    hitsList.hidden = false;
    hitsList.replaceChildren(
      h('strong', {}, 'BM25, top 3 for a few queries (✓ relevant, ✗ not)'),
      ...examples.map((query) => {
        const ranked = Object.entries(result.run[query._id] ?? {})
          .sort((a, b) => b[1] - a[1])
          .slice(0, 3);
        const list = h('ol', { class: 'hits' });
        for (const [docId] of ranked) list.append(h('li', {}, `${relevant.has(`${query._id}\u0000${docId}`) ? '✓' : '✗'} ${docId}`));
        return h('div', {}, h('em', {}, `${query._id}: ${query.text}`), list);
      }),
    );
  };

  bm25Button.addEventListener('click', () => run('bm25', 'BM25', async () => createBm25Retriever(), showHits));
  ngramButton.addEventListener('click', () => run('ngram', 'char 3–7-gram hashing', async () => createNgramRetriever()));
  /** The files of each served model folder, from models/index.json (so the loader asks for no file that is not there). */
  const modelFiles = new Map<string, string[]>();
  onnxButton.addEventListener('click', () => {
    const model = modelSelect.value;
    run('onnx', `ONNX ${model}`, async () => {
      // the folder layout of a Hugging Face export, served by this app (see vite.config.ts)
      const encoder = await loadOnnxEncoderFromUrl(assetUrl(`models/${model}/`), {
        ort: await loadOnnxRuntime(),
        files: modelFiles.get(model) ?? [],
        sessionOptions: { executionProviders: ['wasm'] },
      });
      return createDenseRetriever(encoder, { name: `onnx:${model}` });
    });
  });

  void (async () => {
    try {
      const response = await fetch(assetUrl('models/index.json'));
      const models = response.ok ? ((await response.json()) as Record<string, string[]>) : {};
      const usable = Object.entries(models).filter(([, files]) => files.includes('model.onnx') && files.includes('tokenizer.json'));
      for (const [name, files] of usable) {
        modelFiles.set(name, files);
        modelSelect.append(h('option', { value: name }, name));
      }
      onnxButton.disabled = usable.length === 0;
      status.onnx.dataset['models'] = String(usable.length);
      setStatus(
        status.onnx,
        'idle',
        usable.length > 0 ? `ONNX: ${usable.length} model(s) served by this app; pick one and run.` : 'ONNX: no model was bundled with this build.',
      );
    } catch (error) {
      setStatus(status.onnx, 'error', `ONNX: cannot list models (${errorMessage(error)})`);
    }
  })();
}

function formatPercent(value: number | undefined): string {
  return value === undefined ? '—' : (value * 100).toFixed(1);
}
