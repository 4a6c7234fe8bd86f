import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFormatError } from '@limit/core';
import { writeJsonAtomic } from '@limit/core/node';
import type { GeneratorRecord } from '../generate-limit-dataset.js';
import { datasetDigest } from './dataset-digest.js';

/** The file beside a generated dataset's three files that says how they were made. */
export const DATASET_METADATA_FILE = 'limit-dataset.json';

/** What {@link DATASET_METADATA_FILE} holds. */
export interface DatasetMetadata {
  /** How the files were generated (package, function, every option resolved, seed included). */
  readonly generator: GeneratorRecord;
  /** {@link datasetDigest} of the three files it describes. */
  readonly digest: string;
}

/**
 * Writes {@link DATASET_METADATA_FILE} for the dataset now in `dir` (atomically), with the digest
 * of its files, so a reader can tell the metadata still describes them.
 *
 * @throws DataFormatError when the dataset files cannot be read.
 * @example
 * await writeDatasetMetadata('data/small', generateLimitDataset({ size: 'small' }).generator);
 */
export async function writeDatasetMetadata(dir: string, generator: GeneratorRecord): Promise<DatasetMetadata> {
  const metadata: DatasetMetadata = { generator, digest: await datasetDigest(dir) };
  await writeJsonAtomic(join(dir, DATASET_METADATA_FILE), metadata);
  return metadata;
}

/**
 * Reads {@link DATASET_METADATA_FILE} of a dataset folder, and returns it only when its digest
 * matches the files now there (a stale file, left by an earlier dataset, is ignored: `undefined`).
 *
 * @returns The metadata, or undefined when there is none or it describes other files.
 * @throws DataFormatError when the file exists but is not valid metadata JSON.
 * @example
 * const meta = await readDatasetMetadata('data/small');
 * meta?.generator.options.seed; // 0
 */
export async function readDatasetMetadata(dir: string): Promise<DatasetMetadata | undefined> {
  const file = join(dir, DATASET_METADATA_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DataFormatError({ file, line: 0, message: `cannot read (${(error as Error).message})`, cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DataFormatError({ file, line: 0, message: `not valid JSON: ${(error as Error).message}`, cause: error });
  }
  const m = json as Partial<DatasetMetadata> | null;
  if (m === null || typeof m !== 'object' || typeof m.digest !== 'string' || m.generator === null || typeof m.generator !== 'object') {
    throw new DataFormatError({ file, line: 1, message: 'not dataset metadata (expected { generator, digest })' });
  }
  return m.digest === (await datasetDigest(dir)) ? (m as DatasetMetadata) : undefined;
}
