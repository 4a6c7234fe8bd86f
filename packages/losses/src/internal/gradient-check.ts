import * as tf from '@tensorflow/tfjs-core';
import { EngineStateError } from '@limit/core';

/**
 * The one-line fix for "gradient function not found" in plain Node, named in every error below and
 * in the README: tfjs-core's Node bundle registers no gradient functions, `@tensorflow/tfjs` does.
 */
export const GRADIENTS_FIX = "add `import '@tensorflow/tfjs';` once at the top of your program (it registers tfjs's gradient functions; `@tensorflow/tfjs-node` does the same)";

interface TapeNodeLike {
  kernelName: string;
  outputs: readonly tf.Tensor[];
  inputs: Readonly<Record<string, tf.Tensor>>;
  gradient?: unknown;
}

function activeTape(): TapeNodeLike[] | null {
  const state = (tf.engine() as unknown as { state?: { activeTape?: TapeNodeLike[] | null; gradientDepth?: number } }).state;
  if (state === undefined || !(state.gradientDepth! > 0) || !Array.isArray(state.activeTape)) return null;
  return state.activeTape;
}

/** Where the gradient tape stands before a loss records its ops (-1 when no gradient is being taken). */
export function tapeMark(): number {
  const tape = activeTape();
  return tape === null ? -1 : tape.length;
}

/**
 * Under `tf.grad` / `optimizer.minimize`, checks that every op the loss recorded since `mark` on a path
 * from one of `sources` (the embedding tensors passed in) to `output` has a registered gradient, and
 * otherwise throws now — naming the loss, the kernels and {@link GRADIENTS_FIX} — instead of tfjs's
 * bare "gradient function not found" during backprop. Ops off those paths (input checks, ops on the
 * relevance matrix) are ignored, as tfjs's backprop ignores them.
 *
 * @throws EngineStateError (state `'missing-gradient'`).
 */
export function assertGradientsRegistered(loss: string, mark: number, output: tf.Tensor, sources: readonly unknown[]): void {
  if (mark < 0) return;
  const tape = activeTape();
  if (tape === null || tape.length <= mark) return;
  const reached = new Set<number>();
  for (const s of sources) if (s instanceof tf.Tensor) reached.add(s.id);
  if (reached.size === 0) return;
  const fromSources = new Set<number>();
  for (let i = mark; i < tape.length; i++) {
    const node = tape[i]!;
    if (!Object.values(node.inputs).some((t) => reached.has(t.id))) continue;
    fromSources.add(i);
    for (const t of node.outputs) reached.add(t.id);
  }
  const feeding = new Set<number>([output.id]);
  const missing = new Set<string>();
  for (let i = tape.length - 1; i >= mark; i--) {
    const node = tape[i]!;
    if (!node.outputs.some((t) => feeding.has(t.id))) continue;
    for (const input of Object.values(node.inputs)) feeding.add(input.id);
    if (fromSources.has(i) && node.gradient == null) missing.add(node.kernelName);
  }
  if (missing.size === 0) return;
  throw new EngineStateError({
    state: 'missing-gradient',
    message:
      `${loss}: tfjs has no gradient registered for ${[...missing].sort().join(', ')}, so it cannot be differentiated ` +
      `(tfjs-core's Node bundle registers no gradients). Fix: ${GRADIENTS_FIX}.`,
  });
}
