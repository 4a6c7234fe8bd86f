import { createDenseMatrix, createRng } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { denseSearch } from '../dense/dense-search.js';
import { dotBlock } from '../dense/dot-block.js';
import { createOnnxRuntimeScorer } from './onnx-runtime-scorer.js';

describe('createOnnxRuntimeScorer', () => {
  it('scores blocks like the JS kernel and gives the same top-k through denseSearch (pipelined)', async () => {
    const rng = createRng(11);
    const q = createDenseMatrix(13, 24);
    rng.fillNormal(q.data);
    const d = createDenseMatrix(301, 24);
    rng.fillNormal(d.data);
    const scorer = await createOnnxRuntimeScorer({ threads: 1 });
    expect(scorer.pipelined).toBe(true);
    const block = await scorer.score(q, d, 50, 37);
    const reference = dotBlock(q, d, 50, 37, new Float32Array(13 * 37));
    expect(block).toHaveLength(13 * 37);
    block.forEach((v, i) => expect(v).toBeCloseTo(reference[i]!, 4));
    const viaOrt = await denseSearch(q, d, { k: 10, similarity: 'cosine', blockSize: 64, scorer });
    const viaJs = await denseSearch(q, d, { k: 10, similarity: 'cosine', blockSize: 64 });
    expect(Array.from(viaOrt.indices)).toEqual(Array.from(viaJs.indices));
    await scorer.dispose?.();
  });
});
