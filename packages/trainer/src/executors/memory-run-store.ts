import { criticalNJobId, type CriticalNJob } from '../critical-n/job.js';
import type { ResultRow } from '../results/official-schema.js';
import type { CriticalNRunStore } from './executor.js';

/**
 * A {@link CriticalNRunStore} in memory (what the browser uses; lost when the page closes).
 *
 * @param signature - how jobs are keyed; default their {@link criticalNJobId}.
 * @returns the store, with its `rows` visible.
 * @example
 * ```ts
 * const store = createMemoryRunStore();
 * await runCriticalNExperiment({ dimensions: [3], store });
 * store.rows.length; // runs trained
 * ```
 */
export function createMemoryRunStore(signature: (job: CriticalNJob) => string = defaultSignature): CriticalNRunStore & { readonly rows: readonly ResultRow[] } {
  const byKey = new Map<string, ResultRow>();
  const rows: ResultRow[] = [];
  return {
    rows,
    find: (job) => byKey.get(signature(job)),
    record: async (job, run) => {
      byKey.set(signature(job), run.row);
      rows.push(run.row);
    },
  };
}

const defaultSignature = (job: CriticalNJob) => criticalNJobId(job);
