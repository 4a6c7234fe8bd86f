/** Reference for `matryoshka` on plain arrays: truncates every row (last axis) of every argument. */
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
