import { InvalidArgumentError } from '@limit/core';
import { LIMIT_MTEB_TASKS } from './mteb-result.js';

/** One recorded content digest: the files with this digest are that task's dataset at that revision. */
export interface DatasetDigestRecord {
  /** `sha256:<hex>`, as `datasetDigest` (from `@limit/datasets/node`) computes it. */
  readonly digest: string;
  /** The MTEB task, `LIMITRetrieval` or `LIMITSmallRetrieval`. */
  readonly task: keyof typeof LIMIT_MTEB_TASKS;
  /** The Hugging Face dataset revision those files are. */
  readonly revision: string;
  /** Where the record comes from (e.g. "recorded by limit evaluate --dataset-revision on 2026-12-06"). */
  readonly source: string;
}

/**
 * Content digests of the official LIMIT releases known to this package. It is empty on purpose:
 * these packages never download the release, so no digest of the official files has been computed
 * here, and a digest cannot be guessed. Digests come from the user's own files instead: evaluating
 * them once with `--dataset-revision <official revision> --digests <file>` records their digest in
 * that file, and later runs on the same files fill the revision from it (see {@link identifyLimitTask}).
 * A record added here must say where its digest was computed.
 */
export const LIMIT_DATASET_DIGESTS: readonly DatasetDigestRecord[] = [];

/** Options of {@link identifyLimitTask}. */
export interface IdentifyLimitTaskOptions {
  /** Documents in the corpus (≤ 1000: the LIMIT-small task, else full LIMIT). */
  numDocs: number;
  /** The files' content digest (`datasetDigest`). */
  digest: string;
  /** The generator record when the folder says it was generated (its `limit-dataset.json` matched the files). */
  generator?: object;
  /** A revision the user states (`--dataset-revision`). */
  datasetRevision?: string;
  /** A task name the user states (`--task`). */
  taskName?: string;
  /** Digest records besides {@link LIMIT_DATASET_DIGESTS} (e.g. recorded by the user). */
  digests?: readonly DatasetDigestRecord[];
}

/** What {@link identifyLimitTask} decided. */
export interface LimitTaskIdentity {
  /** The MTEB task name to file results under. */
  readonly taskName: string;
  /** `dataset_revision`: the official revision, the stated one, else the content digest. */
  readonly datasetRevision: string;
  /** `official` (a recorded digest or a stated official revision), `generated` or `local`. */
  readonly kind: 'official' | 'generated' | 'local';
  /** Why, in words (for the evaluate output). */
  readonly reason: string;
}

/**
 * Decides under which MTEB task name and dataset revision results on a dataset folder are filed, so
 * a result on generated or other local data never looks like one on the official release:
 * 1. a stated task name is kept; a stated revision is written as given, and an official LIMIT
 *    revision also names its task;
 * 2. a digest recorded for an official revision ({@link LIMIT_DATASET_DIGESTS} plus `digests`) gives
 *    that task and revision;
 * 3. generated data (a matching `limit-dataset.json`) is filed as `<task>-generated`;
 * 4. anything else as `<task>-local`;
 * with the content digest as the revision when none is known. `<task>` is `LIMITSmallRetrieval`
 * for ≤ 1000 documents, else `LIMITRetrieval`.
 *
 * @throws InvalidArgumentError for a digest not of the form `sha256:<64 hex>`.
 * @example
 * identifyLimitTask({ numDocs: 46, digest, generator: meta.generator }).taskName; // 'LIMITSmallRetrieval-generated'
 */
export function identifyLimitTask(options: IdentifyLimitTaskOptions): LimitTaskIdentity {
  if (!/^sha256:[0-9a-f]{64}$/.test(options.digest)) throw new InvalidArgumentError({ parameter: 'digest', value: options.digest, message: 'digest must be sha256:<64 hex digits>' });
  const base = options.numDocs <= 1000 ? 'LIMITSmallRetrieval' : 'LIMITRetrieval';
  const officialTask = (revision: string) =>
    (Object.keys(LIMIT_MTEB_TASKS) as (keyof typeof LIMIT_MTEB_TASKS)[]).find((t) => LIMIT_MTEB_TASKS[t].datasetRevision === revision);
  if (options.datasetRevision !== undefined) {
    const task = officialTask(options.datasetRevision);
    return {
      taskName: options.taskName ?? task ?? `${base}-local`,
      datasetRevision: options.datasetRevision,
      kind: task ? 'official' : options.generator ? 'generated' : 'local',
      reason: task ? `revision ${options.datasetRevision} stated: ${task}'s official files` : `revision ${options.datasetRevision} stated (not an official LIMIT revision)`,
    };
  }
  const record = [...LIMIT_DATASET_DIGESTS, ...(options.digests ?? [])].find((r) => r.digest === options.digest);
  if (record !== undefined) {
    return { taskName: options.taskName ?? record.task, datasetRevision: record.revision, kind: 'official', reason: `content digest recorded for ${record.task} at revision ${record.revision} (${record.source})` };
  }
  if (options.generator !== undefined) {
    return { taskName: options.taskName ?? `${base}-generated`, datasetRevision: options.digest, kind: 'generated', reason: 'generated by @limit/datasets (limit-dataset.json matches the files)' };
  }
  return { taskName: options.taskName ?? `${base}-local`, datasetRevision: options.digest, kind: 'local', reason: 'local files whose digest is not recorded for an official revision' };
}
