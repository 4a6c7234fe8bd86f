import { readdir, readFile, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFormatError, EngineStateError, InvalidArgumentError } from '@limit/core';
import { assertWritableOutput, removeStaleTempFiles, writeJsonAtomic } from '@limit/core/node';
import { saveCertificate } from './certificate-file.js';
import { criticalNJobId, criticalNJobSettingLabel, restartSeed, type CriticalNJob } from '../critical-n/job.js';
import type { CriticalNRunStore } from '../executors/executor.js';
import { replayCriticalNProtocol, resolveCriticalNProtocol, type CriticalNProtocol } from '../critical-n/protocol.js';
import type { ResultRow } from '../results/official-schema.js';
import { ResultsFile } from './results-file.js';
import { criticalNJobParameters, criticalNRunOutcome, type TrainedCriticalNRun } from '../critical-n/train-run.js';
import { acquireFolderLock, type FolderLock, type FolderLockHolder } from './folder-lock.js';

/** Who holds a results folder's lock (written next to the lock by the holder). */
export type ResultsFolderLockHolder = FolderLockHolder;

/** A run that failed and is still open (a later success of the same job removes it), as kept in `failures.json`. */
export interface RecordedFailure {
  readonly jobId: string;
  readonly d: number;
  readonly k: number;
  readonly n: number;
  readonly seed: number;
  /** The error's class (`ConvergenceError`, `InfrastructureError`, … or `Error`), as thrown where the run trained. */
  readonly errorClass: string;
  /** Its message. */
  readonly error: string;
  /** Attempts made so far by the experiment that recorded it (1 = the first try). */
  readonly attempt?: number;
  readonly at: string;
}

/** Options of {@link CriticalNResultsFolder.open}. */
export interface OpenResultsFolderOptions {
  /** Shown to a second writer in the refusal message (e.g. the command line). */
  readonly command?: string;
  /**
   * Called when the lock is found taken over or removed while held; later writes then throw an
   * EngineStateError (`state: 'lock-lost'`) naming the new holder either way.
   */
  readonly onCompromised?: (error: Error) => void;
  /** A lock held from another host is taken over after this long without a refresh. Default 20,000 ms. */
  readonly staleMs?: number;
  /** Told about input accepted with a change (an exact duplicate row dropped, stale temporaries removed). */
  readonly onNote?: (message: string) => void;
}

const LOCK_NAME = '.limit-results';
const RESULTS_NAME = /^d(\d+)-k(\d+)\.json$/;
const FAILURES = 'failures.json';

/**
 * The output folder of a critical-n experiment: one results file per (d, k) (`d{d}-k{k}.json`, the official
 * schema, rewritten atomically on every run), certificates of solved runs, `failures.json`, and one writer at
 * a time. {@link CriticalNResultsFolder.open} takes the folder's lock ({@link acquireFolderLock}); a second
 * experiment into the same folder is refused at once with an {@link EngineStateError} naming the holder's pid
 * and host. A holder alive on this host keeps its lock however long it is suspended; a lock left by a process
 * that died on this host is taken over at once; one from another host after it goes stale (20 s without
 * refresh). Every write first checks the lock is still this process' (`state: 'lock-lost'` otherwise, naming
 * the new holder, and nothing is written). Temporaries left by dead processes are removed on open.
 * `failures.json` lists the runs whose last attempt failed and that no later attempt has recorded.
 *
 * It is a {@link CriticalNRunStore}: `find` answers from the files (so a re-run resumes without training),
 * `record` appends exactly one row per job; and {@link CriticalNResultsFolder.pending} says, without training
 * or probing anything, which runs each d's search still needs.
 *
 * @example
 * ```ts
 * const folder = await CriticalNResultsFolder.open('results/critical-n');
 * try {
 *   await runCriticalNExperiment({ dimensions: [4, 5], store: folder });
 * } finally {
 *   await folder.close();
 * }
 * ```
 */
export class CriticalNResultsFolder implements CriticalNRunStore {
  private readonly files = new Map<string, ResultsFile>();
  private readonly writes = new Map<string, Promise<void>>();
  private failures: RecordedFailure[] = [];
  private closed = false;

  private constructor(
    /** The folder. */
    readonly folder: string,
    private readonly lock: FolderLock,
  ) {}

  /**
   * Creates the folder if needed, takes its lock, removes dead processes' temporaries and reads the results
   * files and `failures.json` in it.
   *
   * @param folder - the output folder (`--out`).
   * @param options - see {@link OpenResultsFolderOptions}.
   * @returns the open folder; call {@link CriticalNResultsFolder.close} when done.
   * @throws InvalidArgumentError (`folder`) when the path is a file, lies under a file or cannot be written;
   *   EngineStateError (`state: 'locked'`) when another live process holds the folder, naming it;
   *   DataFormatError (file, line) when a results file in it is not one, repeats a run with another result or
   *   is not UTF-8 (left untouched; the lock is released).
   */
  static async open(folder: string, options: OpenResultsFolderOptions = {}): Promise<CriticalNResultsFolder> {
    if (typeof folder !== 'string' || folder === '') throw new InvalidArgumentError({ parameter: 'folder', value: folder, message: 'the results folder must be a path' });
    await assertWritableOutput('folder', folder, { kind: 'directory' });
    await mkdir(folder, { recursive: true });
    const lock = await acquireFolderLock(folder, LOCK_NAME, {
      what: `the results folder ${folder}`,
      ...(options.command ? { command: options.command } : {}),
      ...(options.staleMs !== undefined ? { staleMs: options.staleMs } : {}),
      ...(options.onCompromised ? { onCompromised: options.onCompromised } : {}),
    });
    const opened = new CriticalNResultsFolder(folder, lock);
    try {
      for (const dir of [folder, join(folder, 'certificates')]) {
        for (const removed of await removeStaleTempFiles(dir)) options.onNote?.(`removed ${removed}, a temporary file left by a process that is gone`);
      }
      for (const name of (await readdir(folder)).sort()) {
        const match = RESULTS_NAME.exec(name);
        // each file holds the rows of its own d (a row of another d is refused, naming file and line)
        if (match) opened.files.set(name, await ResultsFile.open(join(folder, name), { d: Number(match[1]), ...(options.onNote ? { onNote: options.onNote } : {}) }));
      }
      opened.failures = await readFailures(join(folder, FAILURES));
    } catch (error) {
      await lock.release();
      throw error;
    }
    return opened;
  }

  /** The results file of (d, k), opened (empty) on first use. */
  private fileFor(d: number, k: number): ResultsFile | undefined {
    return this.files.get(`d${d}-k${k}.json`);
  }

  /** Path of the results file of (d, k). */
  resultsFile(d: number, k: number): string {
    return join(this.folder, `d${d}-k${k}.json`);
  }

  /** Every row of every results file in the folder. */
  get rows(): readonly ResultRow[] {
    return [...this.files.values()].flatMap((f) => f.rows);
  }

  /** {@inheritDoc CriticalNRunStore.find} */
  find(job: CriticalNJob): ResultRow | undefined {
    return this.fileFor(job.d, job.k)?.find(criticalNJobParameters(job));
  }

  /**
   * Marks a job's open failure (if any) resolved: its run is recorded now (found in the files, or trained).
   * Called by the experiment when it reads a job from the store.
   */
  async resolveFailure(job: CriticalNJob): Promise<void> {
    const jobId = criticalNJobId(job);
    if (!this.failures.some((f) => f.jobId === jobId)) return;
    this.failures = this.failures.filter((f) => f.jobId !== jobId);
    await this.writeFailures();
  }

  /** {@inheritDoc CriticalNRunStore.record} */
  async record(job: CriticalNJob, run: TrainedCriticalNRun): Promise<void> {
    this.assertOpen();
    let data = run.row.data;
    if (run.certificate) {
      // runs beyond the paper's setting (another objective, centroid queries, the margin rule) are told apart by the
      // tail of their job id; the paper's keep their names
      const certificate = join(this.folder, 'certificates', `d${job.d}-k${job.k}-n${job.n}-seed${job.seed}${criticalNJobSettingLabel(job)}.cert.json`);
      await this.lock.assertHeld();
      await saveCertificate(certificate, run.certificate);
      data = { ...data, certificate };
    }
    const name = `d${job.d}-k${job.k}.json`;
    await this.serial(name, async () => {
      let file = this.files.get(name);
      if (!file) {
        file = await ResultsFile.open(join(this.folder, name), { d: job.d });
        this.files.set(name, file);
      }
      await this.lock.assertHeld();
      await file.append({ ...run.row, data });
    });
    await this.resolveFailure(job);
  }

  /** {@inheritDoc CriticalNRunStore.recordFailure} */
  async recordFailure(job: CriticalNJob, error: unknown, attempt?: number): Promise<void> {
    this.assertOpen();
    const jobId = criticalNJobId(job);
    this.failures = [
      ...this.failures.filter((f) => f.jobId !== jobId),
      {
        jobId,
        d: job.d,
        k: job.k,
        n: job.n,
        seed: job.seed,
        errorClass: error instanceof Error ? error.name : typeof error,
        error: error instanceof Error ? error.message : String(error),
        ...(attempt !== undefined ? { attempt } : {}),
        at: new Date().toISOString(),
      },
    ];
    await this.writeFailures();
  }

  /** Failures still open: recorded by this experiment or an earlier one, and not yet followed by a recorded run. */
  get recordedFailures(): readonly RecordedFailure[] {
    return this.failures;
  }

  /** Writes `failures.json` (removed when no failure is open). */
  private writeFailures(): Promise<void> {
    return this.serial(FAILURES, async () => {
      await this.lock.assertHeld();
      const file = join(this.folder, FAILURES);
      if (this.failures.length === 0) await rm(file, { force: true });
      else await writeJsonAtomic(file, this.failures);
    });
  }

  /**
   * Which runs each d's search still needs, read from the files alone (nothing is trained or probed): the
   * protocol is replayed over the recorded outcomes up to the first run that is not recorded.
   *
   * @param searches - per d: the protocol (initialN, restarts, …), k, base seed and the job for an (n, seed).
   * @returns per d: `done` (the search is complete in the files) or the next run it needs; and the runs recorded.
   */
  pending(
    searches: readonly { readonly d: number; readonly protocol: CriticalNProtocol; readonly seed: number; readonly jobFor: (n: number, seed: number) => CriticalNJob }[],
  ): { d: number; done: boolean; next?: { n: number; seed: number }; recorded: number }[] {
    return searches.map(({ d, protocol, seed, jobFor }) => {
      let recorded = 0;
      const step = replayCriticalNProtocol(resolveCriticalNProtocol(protocol), (n, restart) => {
        const row = this.find(jobFor(n, restartSeed(seed, restart)));
        if (row === undefined) return undefined;
        recorded += 1;
        return criticalNRunOutcome(row).solved;
      });
      return step.done ? { d, done: true, recorded } : { d, done: false, next: { n: step.next.n, seed: restartSeed(seed, step.next.restart) }, recorded };
    });
  }

  /** Waits for pending writes and releases the lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.writes.values()]);
    await this.lock.release();
  }

  private assertOpen(): void {
    if (this.closed) throw new EngineStateError({ state: 'closed', message: `the results folder ${this.folder} was closed` });
  }

  /** Writes to one file one at a time (each append rewrites the whole file). */
  private serial(name: string, write: () => Promise<void>): Promise<void> {
    const next = (this.writes.get(name) ?? Promise.resolve()).then(write);
    this.writes.set(name, next.catch(() => {}));
    return next;
  }
}

/** Reads `failures.json` (missing: none open). */
async function readFailures(file: string): Promise<RecordedFailure[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new DataFormatError({ file, line: 0, message: `cannot read the failures file (${(error as Error).message}); it was left untouched`, cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DataFormatError({ file, line: 0, message: `not valid JSON (${(error as Error).message}); it was left untouched — move it away to start afresh`, cause: error });
  }
  const ok = (f: unknown): f is RecordedFailure => {
    const r = f as Partial<RecordedFailure> | null;
    return r !== null && typeof r === 'object' && typeof r.jobId === 'string' && typeof r.n === 'number' && typeof r.d === 'number' && typeof r.error === 'string';
  };
  if (!Array.isArray(parsed) || !parsed.every(ok)) {
    throw new DataFormatError({ file, line: 0, message: 'not a failures file (expected a JSON array of { jobId, d, k, n, seed, errorClass, error, at }); it was left untouched' });
  }
  return parsed;
}
