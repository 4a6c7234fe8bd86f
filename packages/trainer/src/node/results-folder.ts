import { readdir, readFile, rm, mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { EngineStateError, InvalidArgumentError } from '@limit/core';
import { writeJsonAtomic } from '@limit/core/node';
import { saveCertificate } from './certificate-file.js';
import { criticalNJobId, criticalNJobSettingLabel, restartSeed, type CriticalNJob } from '../critical-n/job.js';
import type { CriticalNRunStore } from '../executors/executor.js';
import { replayCriticalNProtocol, resolveCriticalNProtocol, type CriticalNProtocol } from '../critical-n/protocol.js';
import type { ResultRow } from '../results/official-schema.js';
import { ResultsFile } from './results-file.js';
import { criticalNJobParameters, criticalNRunOutcome, type TrainedCriticalNRun } from '../critical-n/train-run.js';

/** Who holds a results folder's lock (written next to the lock by the holder). */
export interface ResultsFolderLockHolder {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  readonly command?: string;
}

/** A run that failed, as kept in `failures.json`. */
export interface RecordedFailure {
  readonly jobId: string;
  readonly d: number;
  readonly k: number;
  readonly n: number;
  readonly seed: number;
  /** The error's class (`ConvergenceError`, `BackendUnavailableError`, … or `Error`), as thrown where the run trained. */
  readonly errorClass: string;
  /** Its message. */
  readonly error: string;
  readonly at: string;
}

/** Options of {@link CriticalNResultsFolder.open}. */
export interface OpenResultsFolderOptions {
  /** Shown to a second writer in the refusal message (e.g. the command line). */
  readonly command?: string;
  /** Called if the lock is lost while held (its folder removed, the clock jumped); default: throw later writes. */
  readonly onCompromised?: (error: Error) => void;
}

const LOCK_NAME = '.limit-results.lock';
const HOLDER_NAME = '.limit-results.lock.json';
const RESULTS_NAME = /^d(\d+)-k(\d+)\.json$/;
/** The lock's folder is touched every UPDATE ms and counts as abandoned after STALE ms without a touch. */
const UPDATE_MS = 5_000;
const STALE_MS = 20_000;

/**
 * The output folder of a critical-n experiment: one results file per (d, k) (`d{d}-k{k}.json`, the official
 * schema, rewritten atomically on every run), certificates of solved runs, `failures.json`, and one writer at
 * a time. {@link CriticalNResultsFolder.open} takes the folder's lock (proper-lockfile: a lock folder whose
 * mtime the holder refreshes); a second experiment into the same folder is refused at once with an
 * {@link EngineStateError} naming the holder's pid and host. A lock left by a process that died on this
 * host is taken over at once; one from another host after it goes stale (20 s without refresh).
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
    private readonly release: () => Promise<void>,
  ) {}

  /**
   * Creates the folder if needed, takes its lock and reads the results files in it.
   *
   * @param folder - the output folder (`--out`).
   * @param options - see {@link OpenResultsFolderOptions}.
   * @returns the open folder; call {@link CriticalNResultsFolder.close} when done.
   * @throws EngineStateError (`state: 'locked'`) when another live process holds the folder, naming it;
   *   DataFormatError when a results file in it is not one (left untouched; the lock is released).
   */
  static async open(folder: string, options: OpenResultsFolderOptions = {}): Promise<CriticalNResultsFolder> {
    if (typeof folder !== 'string' || folder === '') throw new InvalidArgumentError({ parameter: 'folder', value: folder, message: 'the results folder must be a path' });
    await mkdir(folder, { recursive: true });
    const release = await acquire(folder, options);
    const opened = new CriticalNResultsFolder(folder, release);
    try {
      for (const name of (await readdir(folder)).sort()) {
        const match = RESULTS_NAME.exec(name);
        // each file holds the rows of its own d (a row of another d is refused, naming file and line)
        if (match) opened.files.set(name, await ResultsFile.open(join(folder, name), { d: Number(match[1]) }));
      }
    } catch (error) {
      await release();
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

  /** {@inheritDoc CriticalNRunStore.record} */
  async record(job: CriticalNJob, run: TrainedCriticalNRun): Promise<void> {
    this.assertOpen();
    let data = run.row.data;
    if (run.certificate) {
      // runs beyond the paper's setting (another objective, centroid queries, the margin rule) are told apart by the
      // tail of their job id; the paper's keep their names
      const certificate = join(this.folder, 'certificates', `d${job.d}-k${job.k}-n${job.n}-seed${job.seed}${criticalNJobSettingLabel(job)}.cert.json`);
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
      await file.append({ ...run.row, data });
    });
    if (this.failures.some((f) => f.jobId === criticalNJobId(job))) {
      this.failures = this.failures.filter((f) => f.jobId !== criticalNJobId(job));
      await this.serial(FAILURES, () => writeJsonAtomic(join(this.folder, FAILURES), this.failures));
    }
  }

  /** {@inheritDoc CriticalNRunStore.recordFailure} */
  async recordFailure(job: CriticalNJob, error: unknown): Promise<void> {
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
        at: new Date().toISOString(),
      },
    ];
    await this.serial(FAILURES, () => writeJsonAtomic(join(this.folder, FAILURES), this.failures));
  }

  /** Failures recorded by this experiment (they are retried by the next one). */
  get recordedFailures(): readonly RecordedFailure[] {
    return this.failures;
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
    await this.release();
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

const FAILURES = 'failures.json';

async function acquire(folder: string, options: OpenResultsFolderOptions): Promise<() => Promise<void>> {
  const lockfilePath = join(folder, LOCK_NAME);
  const holderFile = join(folder, HOLDER_NAME);
  const attempt = () =>
    lockfile.lock(folder, {
      lockfilePath,
      realpath: false,
      retries: 0,
      stale: STALE_MS,
      update: UPDATE_MS,
      onCompromised: options.onCompromised ?? (() => {}),
    });
  let release: () => Promise<void>;
  try {
    release = await attempt();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const holder = await readHolder(holderFile);
    if (holder && holder.host === hostname() && !processAlive(holder.pid)) {
      // The holder died on this host (killed, crashed): its lock is abandoned, take it over now.
      await rm(lockfilePath, { recursive: true, force: true });
      release = await attempt();
    } else {
      const who = holder ? `process ${holder.pid} on ${holder.host} (since ${holder.startedAt}${holder.command ? `: ${holder.command}` : ''})` : 'another process';
      throw new EngineStateError({
        state: 'locked',
        message:
          `the results folder ${folder} is in use by ${who}; two experiments writing into one folder would lose runs. ` +
          `Wait for it to finish, or choose another output folder (a lock whose holder died is taken over after ${STALE_MS / 1000} s).`,
        cause: error,
      });
    }
  }
  const holder: ResultsFolderLockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), ...(options.command ? { command: options.command } : {}) };
  await writeJsonAtomic(holderFile, holder);
  return async () => {
    await rm(holderFile, { force: true });
    await release();
  };
}

async function readHolder(file: string): Promise<ResultsFolderLockHolder | undefined> {
  try {
    const holder = JSON.parse(await readFile(file, 'utf8')) as ResultsFolderLockHolder;
    return typeof holder?.pid === 'number' && typeof holder.host === 'string' ? holder : undefined;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
