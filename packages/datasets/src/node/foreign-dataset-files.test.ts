import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineStateError } from '@limit/core';
import { generateLimitDataset } from '../generate-limit-dataset.js';
import { foreignDatasetFiles } from './foreign-dataset-files.js';
import { writeDataset } from './write-dataset.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'limit-foreign-'));
const small = () => generateLimitDataset({ size: 'small', numQueries: 20, attributesPerDoc: 10 });

describe('foreignDatasetFiles / writeDataset({ replace: "generated" })', () => {
  it("recognises the generator's own dataset by its record, and anything else as foreign", async () => {
    const dir = tmp();
    expect(await foreignDatasetFiles(join(dir, 'missing'))).toEqual([]);
    await writeDataset(dir, small(), { replace: 'generated' });
    expect(await foreignDatasetFiles(dir)).toEqual([]);
    // written again over its own dataset: fine
    await writeDataset(dir, generateLimitDataset({ size: 'small', numQueries: 20, attributesPerDoc: 10, seed: 3 }), { replace: 'generated' });
    // the user edits a file: no longer what the record describes
    writeFileSync(join(dir, 'queries.jsonl'), readFileSync(join(dir, 'queries.jsonl'), 'utf8').replace('Who', 'Whom'));
    expect(await foreignDatasetFiles(dir)).toEqual(['corpus.jsonl', 'queries.jsonl', 'qrels.jsonl']);
  });

  it('refuses to replace a same-named foreign corpus.jsonl, bytes untouched; replace "any" (the default) still may', async () => {
    const dir = tmp();
    const mine = '{"_id": "mine", "title": "", "text": "my own corpus"}\n';
    writeFileSync(join(dir, 'corpus.jsonl'), mine);
    const error = await writeDataset(dir, small(), { replace: 'generated' }).catch((e: unknown) => e);
    expect(EngineStateError.isInstance(error) && error.state === 'foreign-files', String(error)).toBe(true);
    expect((error as Error).message).toMatch(/holds corpus\.jsonl, not written by this generator/);
    expect(readFileSync(join(dir, 'corpus.jsonl'), 'utf8')).toBe(mine);
    await writeDataset(dir, small());
    expect(readFileSync(join(dir, 'corpus.jsonl'), 'utf8')).not.toBe(mine);
  });
});
