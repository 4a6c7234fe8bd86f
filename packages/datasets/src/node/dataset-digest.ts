import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFormatError } from '@limit/core';
import { DATASET_FILES } from './read-dataset.js';

/**
 * The content digest of a dataset folder: sha256 over its three files in a fixed order, each
 * preceded by its name and byte length, so renaming, reordering or moving bytes between files
 * changes it:
 *
 *   sha256( for f in corpus.jsonl, queries.jsonl, qrels.jsonl:  f ‖ 0x00 ‖ decimal(size f) ‖ 0x00 ‖ bytes f )
 *
 * written `sha256:<64 hex digits>`. It identifies the exact files evaluated (e.g. to recognise an
 * official release whose digest was recorded), and reproduces in Python:
 * `h = hashlib.sha256(); for f in files: b = open(f, 'rb').read(); h.update(f.encode() + b'\0' + str(len(b)).encode() + b'\0' + b)`.
 *
 * @param dir - A folder with corpus.jsonl, queries.jsonl and qrels.jsonl.
 * @returns `sha256:<hex>`.
 * @throws DataFormatError naming a file that cannot be read.
 * @example
 * await datasetDigest('data/limit-small'); // 'sha256:3f1c…'
 */
export async function datasetDigest(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const name of [DATASET_FILES.corpus, DATASET_FILES.queries, DATASET_FILES.qrels]) {
    const file = join(dir, name);
    try {
      const { size } = await stat(file);
      hash.update(`${name}\0${size}\0`);
      for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    } catch (error) {
      throw new DataFormatError({ file, line: 0, message: `cannot read the file for its digest (${(error as Error).message})`, cause: error });
    }
  }
  return `sha256:${hash.digest('hex')}`;
}
