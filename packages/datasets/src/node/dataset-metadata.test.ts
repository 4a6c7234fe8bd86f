import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateLimitDataset } from '../generate-limit-dataset.js';
import { datasetDigest } from './dataset-digest.js';
import { DATASET_METADATA_FILE, readDatasetMetadata } from './dataset-metadata.js';
import { writeDataset } from './write-dataset.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'limit-meta-'));
  dirs.push(d);
  return d;
};

describe('dataset digest and generator metadata', () => {
  it('the digest is sha256 over name, size and bytes of the three files (recomputed here by hand)', async () => {
    const dir = tmp();
    await writeDataset(dir, generateLimitDataset({ size: 'small', numQueries: 30, attributesPerDoc: 12, seed: 4 }));
    const h = createHash('sha256');
    for (const f of ['corpus.jsonl', 'queries.jsonl', 'qrels.jsonl']) {
      const b = readFileSync(join(dir, f));
      h.update(`${f}\0${b.length}\0`);
      h.update(b);
    }
    expect(await datasetDigest(dir)).toBe(`sha256:${h.digest('hex')}`);
  });
  it('writeDataset records the generator (seed, every option) with the digest; stale metadata is ignored, and removed by the next write', async () => {
    const dir = tmp();
    const generated = generateLimitDataset({ size: 'small', numQueries: 30, attributesPerDoc: 12, seed: 9 });
    await writeDataset(dir, generated);
    const meta = await readDatasetMetadata(dir);
    expect(meta?.generator).toEqual({
      package: '@limit/datasets',
      function: 'generateLimitDataset',
      options: { size: 'small', numDocs: 9, numQueries: 30, k: 2, pattern: 'dense', attributesPerDoc: 12, relevantDocs: 9, seed: 9, attributes: 'default', firstNames: 'default', surnames: 'default' },
    });
    expect(meta?.digest).toBe(await datasetDigest(dir));
    // regenerating from the record gives the same files
    const again = tmp();
    const { attributes: _a, firstNames: _f, surnames: _s, ...options } = meta!.generator.options;
    await writeDataset(again, generateLimitDataset(options));
    expect(await datasetDigest(again)).toBe(meta!.digest);
    // edit a file: the metadata no longer describes it
    writeFileSync(join(dir, 'queries.jsonl'), readFileSync(join(dir, 'queries.jsonl'), 'utf8').replace('Who', 'Whom'));
    expect(await readDatasetMetadata(dir)).toBeUndefined();
    // a dataset without a generator removes an earlier metadata file
    await writeDataset(dir, { corpus: generated.corpus, queries: generated.queries, qrels: generated.qrels });
    expect(existsSync(join(dir, DATASET_METADATA_FILE))).toBe(false);
  });
});
