import { InvalidArgumentError, createDenseMatrix } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { createOnnxRuntimeScorer } from './node.js';
import {
  Bm25Index,
  OnnxEncoder,
  compareRuns,
  createBm25Retriever,
  createDenseRetriever,
  createMaxSimRetriever,
  createNgramRetriever,
  createWordTokenizer,
  denseSearch,
  encodeCharNgrams,
  evaluateRun,
  maxSimSearch,
  sparseSearch,
  toMtebResult,
} from './index.js';

async function parameterOf(f: () => unknown): Promise<string> {
  try {
    await f();
  } catch (e) {
    return InvalidArgumentError.isInstance(e) ? e.parameter : `not an InvalidArgumentError: ${String(e)}`;
  }
  return 'no error';
}

describe('unknown option keys are InvalidArgumentErrors naming the key', () => {
  const m = createDenseMatrix(1, 2, new Float32Array([1, 0]));
  const tokens = { count: 1, dim: 2, offsets: new Int32Array([0, 1]), data: new Float32Array([1, 0]) };
  const encoder = { encode: async () => m, encodeTokens: async () => tokens };
  const cases: [string, () => unknown, string][] = [
    ['Bm25Index', () => new Bm25Index(['a'], { k_1: 1 } as never), 'options.k_1'],
    ['Bm25Index.search', () => new Bm25Index(['a']).search(['a'], { k: 1, topK: 1 } as never), 'options.topK'],
    ['createBm25Retriever', () => createBm25Retriever({ stem: false } as never), 'options.stem'],
    ['createWordTokenizer', () => createWordTokenizer({ stemming: true } as never), 'options.stemming'],
    ['encodeCharNgrams', () => encodeCharNgrams(['a'], { n: 3 } as never), 'options.n'],
    ['createNgramRetriever', () => createNgramRetriever({ blocksize: 3 } as never), 'options.blocksize'],
    ['denseSearch', () => denseSearch(m, m, { k: 1, normalize: true } as never), 'options.normalize'],
    ['sparseSearch', () => sparseSearch(encodeCharNgrams(['a']), encodeCharNgrams(['a']), { k: 1, block: 1 } as never), 'options.block'],
    ['maxSimSearch', () => maxSimSearch(tokens as never, tokens as never, { k: 1, mask: 1 } as never), 'options.mask'],
    ['createDenseRetriever', () => createDenseRetriever(encoder, { dim: 3 } as never), 'options.dim'],
    ['createMaxSimRetriever', () => createMaxSimRetriever(encoder, { dim: 3 } as never), 'options.dim'],
    ['evaluateRun', () => evaluateRun({}, {}, { cutoff: [1] } as never), 'options.cutoff'],
    ['compareRuns', () => compareRuns({}, {}, {}, { measure: 'AP', permutations: 5 } as never), 'options.permutations'],
    ['OnnxEncoder.create', () => OnnxEncoder.create({ runtime: {}, model: new Uint8Array(1), tokenizer: {}, config: {}, pool: 'cls' } as never), 'options.pool'],
    ['createOnnxRuntimeScorer', () => createOnnxRuntimeScorer({ thread: 1 } as never), 'options.thread'],
    ['toMtebResult', () => toMtebResult(evaluateRun({}, {}), { taskName: 'T', model_name: 'x' } as never), 'options.model_name'],
  ];
  for (const [name, f, parameter] of cases) {
    it(name, async () => {
      expect(await parameterOf(f)).toBe(parameter);
    });
  }
});
