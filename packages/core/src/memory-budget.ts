import { InvalidArgumentError } from './errors.js';

/** The most elements one typed array may hold here (V8's limit, the same in Node and browsers that use V8). */
export const MAX_ARRAY_ELEMENTS = 2 ** 32 - 1;

/** What {@link memoryBudget} knows about this machine. */
export interface MemoryBudget {
  /** This machine's (or container's) memory in bytes, when it can be read. */
  readonly totalBytes: number | undefined;
  /** The most one computation may allocate: half of `totalBytes` (the rest is the OS', the runtime's, the copies'). */
  readonly budgetBytes: number | undefined;
}

/**
 * This machine's memory and the share one computation may use (half). In Node: `os.totalmem()`, lowered to the
 * container's limit (`process.constrainedMemory()`) where one is set; in browsers: `navigator.deviceMemory`
 * (rounded GB) where available; otherwise unknown (then only {@link MAX_ARRAY_ELEMENTS} is checked).
 *
 * @returns the total and the budget, in bytes (undefined when unknown).
 * @example
 * ```ts
 * memoryBudget().budgetBytes; // e.g. 12.6e9 on a 25 GB machine
 * ```
 */
export function memoryBudget(): MemoryBudget {
  let total: number | undefined;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown; constrainedMemory?: () => number | undefined } }).process;
  try {
    const os = proc?.getBuiltinModule?.('node:os') as { totalmem?: () => number } | undefined;
    if (typeof os?.totalmem === 'function') total = os.totalmem();
    const limit = proc?.constrainedMemory?.();
    // an unlimited cgroup reports 0 or a huge number (2^64 − 1)
    if (typeof limit === 'number' && limit > 0 && (total === undefined || limit < total)) total = limit;
  } catch {
    total = undefined;
  }
  if (total === undefined) {
    const gb = (globalThis as { navigator?: { deviceMemory?: number } }).navigator?.deviceMemory;
    if (typeof gb === 'number' && gb > 0) total = gb * 2 ** 30;
  }
  return { totalBytes: total, budgetBytes: total === undefined ? undefined : total / 2 };
}

/** A planned allocation for {@link assertAllocationFits}. */
export interface AllocationPlan {
  /** What is being allocated, for the message, e.g. `training n = 3, d = 1000000000, k = 2`. */
  readonly what: string;
  /** Total bytes the computation needs (estimated). */
  readonly bytes: number;
  /** The largest single array: its element count and a description (`one optimiser buffer of q × 3d`). */
  readonly largest: { readonly elements: number; readonly what: string };
}

/**
 * Bytes in words for messages: gigabytes with one decimal, or an exponent for absurd sizes.
 *
 * @param bytes - a byte count.
 * @returns e.g. `1.2 GB`, `3.40e+15 bytes`.
 * @example
 * ```ts
 * formatBytes(1.2e9); // '1.2 GB'
 * ```
 */
export function formatBytes(bytes: number): string {
  return !Number.isFinite(bytes) || bytes >= 1e15 ? `${bytes.toExponential(2)} bytes` : `${(bytes / 1e9).toFixed(1)} GB`;
}

/**
 * Refuses, before anything is allocated, a computation whose largest array exceeds {@link MAX_ARRAY_ELEMENTS} or
 * whose total exceeds {@link memoryBudget}'s budget: the typed error a caller can act on, instead of a `RangeError`
 * or the kernel's out-of-memory killer minutes later.
 *
 * @param parameter - the parameter (or CLI flag) that made it large, named in the error.
 * @param value - that parameter's value.
 * @param plan - see {@link AllocationPlan}.
 * @throws InvalidArgumentError naming `parameter`, with the bytes needed and the limit exceeded.
 * @example
 * ```ts
 * assertAllocationFits('d', d, { what: `a ${n} × ${d} matrix`, bytes: 8 * n * d, largest: { elements: n * d, what: 'the matrix' } });
 * ```
 */
export function assertAllocationFits(parameter: string, value: unknown, plan: AllocationPlan): void {
  const { totalBytes, budgetBytes } = memoryBudget();
  const tooLong = !(plan.largest.elements <= MAX_ARRAY_ELEMENTS);
  const tooBig = budgetBytes !== undefined && !(plan.bytes <= budgetBytes);
  if (!tooLong && !tooBig) return;
  const why = tooLong
    ? `${plan.largest.what} = ${plan.largest.elements.toExponential(2)} elements exceeds the 2^32 − 1 elements an array can hold`
    : `more than half of this machine's ${formatBytes(totalBytes!)}`;
  throw new InvalidArgumentError({ parameter, value, message: `${plan.what} needs about ${formatBytes(plan.bytes)} of memory: ${why}` });
}
