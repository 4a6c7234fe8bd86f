import { totalmem } from 'node:os';
import { InvalidArgumentError } from '@limit/core';
import { logBinomial } from '@limit/matrix';

/** The largest typed array V8 allocates (elements). */
const MAX_TYPED_ARRAY = 2 ** 32 - 1;

function gb(bytes: number): string {
  return bytes >= 1e15 ? `${bytes.toExponential(2)} bytes` : `${(bytes / 1e9).toFixed(1)} GB`;
}

/**
 * Refuses, before any allocation, a free-embedding training run that cannot fit: the engines hold
 * the q × d query and n × d document embeddings with their gradients and Adam moments (≈ 4 copies),
 * plus two ping-pong optimiser-state buffers of q × 3d floats (onnx engine), all float32. The run is
 * refused when one buffer would exceed V8's typed-array limit (2³² − 1 elements) or the total would
 * exceed half of this machine's memory (the rest is left to the OS, tfjs/onnxruntime copies and
 * the logits).
 *
 * @param flag the CLI flag to blame (the one that made it huge, e.g. `--d`).
 * @param value that flag's value.
 * @param size `{ n, d, k }`.
 * @throws InvalidArgumentError naming `flag`, with the bytes needed and the limit.
 */
export function assertTrainingFits(flag: string, value: unknown, { n, d, k }: { n: number; d: number; k: number }): void {
  const q = Math.exp(logBinomial(n, k));
  const largest = q * 3 * d;
  const bytes = 4 * (2 * q * 3 * d + 4 * (q + n) * d);
  const budget = totalmem() / 2;
  if (largest > MAX_TYPED_ARRAY || bytes > budget) {
    const why =
      largest > MAX_TYPED_ARRAY
        ? `one optimiser buffer of q × 3d = ${largest.toExponential(2)} floats exceeds the 2^32 − 1 elements an array can hold`
        : `more than half of this machine's ${gb(totalmem())}`;
    throw new InvalidArgumentError({
      parameter: flag,
      value,
      message: `${flag} ${String(value)}: training n = ${n}, d = ${d}, k = ${k} (q = C(n, k) ≈ ${q < 1e15 ? Math.round(q).toLocaleString('en-US') : q.toExponential(3)} queries) needs about ${gb(bytes)} of memory: ${why}`,
    });
  }
}
