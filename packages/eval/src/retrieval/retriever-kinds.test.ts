import { describe, expect, it } from 'vitest';
import * as evalPackage from '../index.js';
import { MEASURE_SPELLINGS, parseMeasure } from '../metrics/measures.js';
import { RETRIEVER_KINDS } from './retriever-kinds.js';

describe('the tables apps read', () => {
  it('every retriever kind names a factory this package exports', () => {
    for (const kind of RETRIEVER_KINDS) expect(typeof (evalPackage as Record<string, unknown>)[kind.factory], kind.id).toBe('function');
    expect(new Set(RETRIEVER_KINDS.map((k) => k.id)).size).toBe(RETRIEVER_KINDS.length);
  });

  it('every measure spelling listed is one parseMeasure accepts', () => {
    // each family is accepted with a cutoff, or alone when it takes none (Rprec, Bpref)
    const accepted = (name: string) => [`${name}@10`, name].some((spelling) => {
      try {
        parseMeasure(spelling);
        return true;
      } catch {
        return false;
      }
    });
    for (const family of MEASURE_SPELLINGS.ranx) expect(accepted(family), family).toBe(true);
    expect(accepted('nope')).toBe(false);
    for (const family of MEASURE_SPELLINGS.trecEvalCut) expect(() => parseMeasure(`${family}_10`), family).not.toThrow();
    for (const name of MEASURE_SPELLINGS.trecEvalPlain) expect(() => parseMeasure(name), name).not.toThrow();
  });
});
