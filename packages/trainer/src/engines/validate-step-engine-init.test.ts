import { describe, expect, it } from 'vitest';
import { BAD_ENGINE_INITS, expectRejectsBadInits, validEngineInit } from '../../test/bad-engine-inits.js';
import { validateStepEngineInit } from './validate-step-engine-init.js';

describe('validateStepEngineInit', () => {
  it('returns q, n, d, the pair count and the largest relevant set of a valid init', () => {
    // qrels [[0], [1, 3], [2]] over 4 documents: 4 pairs, at most 2 per query
    expect(validateStepEngineInit(validEngineInit())).toEqual({ q: 3, n: 4, d: 2, numPairs: 4, maxRelevant: 2, precision: 'float32' });
    expect(validateStepEngineInit(validEngineInit({ precision: 'float64' })).precision).toBe('float64');
  });

  it('refuses a query with no relevant document (the one qrels rule: 1 … n − 1 per query, as trainFreeEmbeddings)', () => {
    const init = validEngineInit({ qrels: { numQueries: 3, numDocs: 4, offsets: Int32Array.from([0, 1, 1, 2]), docs: Int32Array.from([0, 2]) } });
    expect(() => validateStepEngineInit(init)).toThrow(/query 1 has 0 relevant documents/);
  });

  it(`rejects each of ${BAD_ENGINE_INITS.length} bad inits with a typed error naming the parameter`, async () => {
    await expectRejectsBadInits(async (init) => validateStepEngineInit(init));
  });
});
