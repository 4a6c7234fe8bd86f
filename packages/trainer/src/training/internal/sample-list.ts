/**
 * Thins a list to at most `maxLength` items at evenly spaced indices (first and last kept), as the official
 * script's `sample_list` does with `np.linspace(0, len − 1, maxLength, dtype=int)`.
 */
export function sampleList<T>(values: readonly T[], maxLength = 100): T[] {
  if (values.length <= maxLength) return [...values];
  const out: T[] = [];
  const last = values.length - 1;
  for (let i = 0; i < maxLength; i++) {
    // linspace then truncation toward zero; the small epsilon absorbs float error at exact integers.
    out.push(values[Math.floor((i * last) / (maxLength - 1) + 1e-9)]!);
  }
  return out;
}
