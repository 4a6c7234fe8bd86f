import { EngineStateError, ShapeMismatchError, type DenseMatrix } from '@limit/core';

/**
 * The lifecycle every step engine keeps (see {@link createEngineGuard}): calls are refused after `dispose()`
 * (`disposed`), after the device was lost (`lost`), and while another call is in flight (`busy`).
 */
export interface EngineGuard {
  /** True once {@link EngineGuard.beginDispose} ran. */
  readonly disposed: boolean;
  /**
   * Throws EngineStateError when the engine is disposed, lost, or busy with another call.
   * @param call - the method being called, for the message (`step`, `accuracy`, …).
   */
  assertLive(call: string): void;
  /**
   * Runs `work` as the engine's only call in flight (for engines whose buffers are shared between calls).
   * @param call - the method being called.
   * @param work - the call's body.
   * @returns what `work` resolves to.
   */
  exclusive<R>(call: string, work: () => Promise<R>): Promise<R>;
  /** Marks the engine unusable (a lost GPU device): later calls are refused with state `lost`. */
  markLost(reason: string): void;
  /** Marks the engine disposed; true the first time (free resources then), false on later calls (dispose is idempotent). */
  beginDispose(): boolean;
}

/**
 * Creates the lifecycle guard of one engine — the one implementation of the contract's "calls are sequential;
 * every call after dispose() is refused" (every engine in the repository uses it).
 *
 * @param engine - engine name for messages.
 * @returns the guard.
 * @example
 * ```ts
 * const guard = createEngineGuard('mine');
 * const engine = {
 *   step: () => guard.exclusive('step', async () => runStep()),
 *   dispose: async () => { if (guard.beginDispose()) freeBuffers(); },
 * };
 * ```
 */
export function createEngineGuard(engine: string): EngineGuard {
  let disposed = false;
  let busy: string | undefined;
  let lost: string | undefined;
  const assertLive = (call: string) => {
    if (disposed) throw new EngineStateError({ state: 'disposed', message: `the ${engine} engine was disposed: ${call}() called after dispose()` });
    if (lost !== undefined) throw new EngineStateError({ state: 'lost', message: `${call}(): the ${engine} engine's device was lost (${lost})` });
    // An engine's buffers are shared between calls: a second call while one is in flight would race.
    if (busy !== undefined) throw new EngineStateError({ state: 'busy', message: `${call}() called while ${busy}() is in flight on the ${engine} engine: await each call before the next` });
  };
  return {
    get disposed() {
      return disposed;
    },
    assertLive,
    async exclusive<R>(call: string, work: () => Promise<R>): Promise<R> {
      assertLive(call);
      busy = call;
      try {
        return await work();
      } finally {
        busy = undefined;
      }
    },
    markLost(reason: string) {
      lost ??= reason;
    },
    beginDispose() {
      if (disposed) return false;
      disposed = true;
      return true;
    },
  };
}

/**
 * Checks the embeddings handed to `StepEngine.setEmbeddings` have the engine's shapes.
 *
 * @param queries - new Q, must be [q, d] with q·d values.
 * @param documents - new D, must be [n, d] with n·d values.
 * @param shape - the engine's q, n, d.
 * @throws ShapeMismatchError naming `queries` or `documents`.
 * @example
 * ```ts
 * assertEmbeddingShapes(newQ, newD, { q, n, d });
 * ```
 */
export function assertEmbeddingShapes(
  queries: DenseMatrix,
  documents: DenseMatrix,
  shape: { readonly q: number; readonly n: number; readonly d: number },
): void {
  const { q, n, d } = shape;
  if (queries?.rows !== q || queries.cols !== d || queries.data?.length !== q * d) {
    throw new ShapeMismatchError({ parameter: 'queries', expected: [q, d], actual: [queries?.rows ?? -1, queries?.cols ?? -1] });
  }
  if (documents?.rows !== n || documents.cols !== d || documents.data?.length !== n * d) {
    throw new ShapeMismatchError({ parameter: 'documents', expected: [n, d], actual: [documents?.rows ?? -1, documents?.cols ?? -1] });
  }
}
