import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { COMMIT_JOURNAL, DATASET_FILES } from './read-dataset.js';
import { readDatasetMetadata } from './dataset-metadata.js';

/**
 * The dataset files in `dir` that the generator did not write: `corpus.jsonl`, `queries.jsonl` and `qrels.jsonl`
 * that exist without a generator record (`limit-dataset.json`) whose digest matches them. The generator
 * recognises its own datasets by that record (or by the journal of a commit it was interrupted in), so it
 * replaces them freely and refuses to overwrite anything else.
 *
 * @param dir - a dataset folder (missing: nothing foreign).
 * @returns the names of the foreign files (empty when none exists or they are the generator's).
 * @example
 * ```ts
 * if ((await foreignDatasetFiles('data/mine')).length > 0) throw new Error('not ours: pass --force');
 * ```
 */
export async function foreignDatasetFiles(dir: string): Promise<string[]> {
  const exists = (name: string) => access(join(dir, name)).then(() => true, () => false);
  const present: string[] = [];
  for (const name of [DATASET_FILES.corpus, DATASET_FILES.queries, DATASET_FILES.qrels]) if (await exists(name)) present.push(name);
  if (present.length === 0) return [];
  if (await exists(COMMIT_JOURNAL)) return []; // an interrupted commit of ours: writeDataset finishes it first
  try {
    if ((await readDatasetMetadata(dir)) !== undefined) return [];
  } catch {
    // an unreadable record, or a file missing for its digest: not a dataset we can vouch for
  }
  return present;
}
