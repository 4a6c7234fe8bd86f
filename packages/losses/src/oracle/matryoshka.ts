/**
 * Float64 reference for `matryoshka` on plain arrays: Σ_m w_m · loss(every argument truncated to its first
 * dims[m] entries along the last axis, optionally re-normalised).
 * @param loss - a function of nested-array embeddings returning a number.
 * @param dims - prefix sizes. @param options - weights (all 1), renormalize (false).
 * @example
 * matryoshka((a: number[][]) => a[0]!.reduce((s, v) => s + v, 0), [2, 1])([[1, 2, 3]]); // (1 + 2) + 1 = 4
 */
export function matryoshka<T extends readonly unknown[]>(
  loss: (...embeddings: T) => number,
  dims: readonly number[],
  options: { weights?: readonly number[]; renormalize?: boolean } = {},
): (...embeddings: T) => number {
  const truncate = (x: unknown, dim: number): unknown => {
    if (Array.isArray(x) && typeof x[0] === 'number') {
      const row = (x as number[]).slice(0, dim);
      if (!options.renormalize) return row;
      const norm = Math.max(Math.sqrt(row.reduce((acc, v) => acc + v * v, 0)), 1e-12);
      return row.map((v) => v / norm);
    }
    return (x as unknown[]).map((y) => truncate(y, dim));
  };
  return (...embeddings: T) =>
    dims.reduce((acc, dim, m) => acc + (options.weights?.[m] ?? 1) * loss(...(embeddings.map((e) => truncate(e, dim)) as unknown as T)), 0);
}
