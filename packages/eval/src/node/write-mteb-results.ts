import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError } from '@limit/core';
import { writeJsonAtomic } from '@limit/core/node';
import type { MtebResult } from '../report/mteb-result.js';

/** Options of {@link writeMtebResults}. */
export interface WriteMtebResultsOptions {
  /** The model's name, e.g. `'bm25'` or `'sentence-transformers/all-MiniLM-L6-v2'` (`/` becomes `__` in the folder name). */
  modelName: string;
  /** The model's revision (default `'local'`: no Hugging Face commit). */
  modelRevision?: string;
}

/**
 * Writes task results in the layout of an MTEB results folder, which `mteb.load_results(<dir>)` reads:
 * `<dir>/results/<model name, / → __>/<revision>/<TaskName>.json` plus `model_meta.json` holding the
 * model's `name` and `revision` (where MTEB keeps the model, not in the task result). Each file is
 * written atomically.
 *
 * @param dir - the results repository folder (created when missing).
 * @param results - task results from {@link toMtebResult}, one per task.
 * @returns the files written.
 * @throws InvalidArgumentError for an empty model name or two results for the same task.
 * @example
 * await writeMtebResults('mteb-results', [toMtebResult(evaluation, { taskName: 'LIMITSmallRetrieval' })], { modelName: 'bm25' });
 */
export async function writeMtebResults(dir: string, results: readonly MtebResult[], options: WriteMtebResultsOptions): Promise<string[]> {
  if (typeof options?.modelName !== 'string' || options.modelName.trim() === '') {
    throw new InvalidArgumentError({ parameter: 'options.modelName', value: options?.modelName, message: 'options.modelName must be a non-empty string' });
  }
  const revision = options.modelRevision ?? 'local';
  const seen = new Set<string>();
  for (const r of results) {
    if (seen.has(r.task_name)) throw new InvalidArgumentError({ parameter: 'results', value: r.task_name, message: `two results for task ${r.task_name}` });
    seen.add(r.task_name);
  }
  const folder = join(dir, 'results', options.modelName.replace(/\//g, '__'), revision);
  await mkdir(folder, { recursive: true });
  const files: string[] = [];
  for (const r of results) {
    const file = join(folder, `${r.task_name}.json`);
    await writeJsonAtomic(file, r);
    files.push(file);
  }
  const meta = join(folder, 'model_meta.json');
  await writeJsonAtomic(meta, { name: options.modelName, revision });
  files.push(meta);
  return files;
}
