import { InvalidArgumentError } from '@limit/core';

/**
 * The pooling modes of sentence-transformers' `Pooling` module (`1_Pooling/config.json`), by its
 * names: `cls` (first token), `mean` (mean over the attention mask), `max` (element-wise max),
 * `mean_sqrt_len_tokens` (sum / √tokens), `weightedmean` (position-weighted mean, SGPT) and
 * `lasttoken` (last non-padding token). Several modes at once are concatenated in this order.
 */
export const POOLING_MODES = ['cls', 'max', 'mean', 'mean_sqrt_len_tokens', 'weightedmean', 'lasttoken'] as const;

/** One of {@link POOLING_MODES}. */
export type PoolingMode = (typeof POOLING_MODES)[number];

/** `1_Pooling/config.json` key → mode (sentence-transformers' names). @internal */
export const POOLING_CONFIG_KEYS: Readonly<Record<string, PoolingMode>> = {
  pooling_mode_cls_token: 'cls',
  pooling_mode_max_tokens: 'max',
  pooling_mode_mean_tokens: 'mean',
  pooling_mode_mean_sqrt_len_tokens: 'mean_sqrt_len_tokens',
  pooling_mode_weightedmean_tokens: 'weightedmean',
  pooling_mode_lasttoken: 'lasttoken',
};

/**
 * Checks a pooling option (one mode or a list) and returns the modes in sentence-transformers'
 * concatenation order, duplicates removed. `'lasttoken'` may also be written `'last-token'` or
 * `'last_token'`, `'weightedmean'` as `'weighted-mean'`.
 *
 * @throws InvalidArgumentError naming `parameter` for an unknown mode or an empty list.
 * @internal
 */
export function resolvePooling(parameter: string, pooling: unknown): PoolingMode[] {
  const list = Array.isArray(pooling) ? pooling : [pooling];
  if (list.length === 0) throw new InvalidArgumentError({ parameter, value: pooling, message: `${parameter} must name at least one pooling mode (${POOLING_MODES.join(', ')})` });
  const aliases: Record<string, PoolingMode> = { 'last-token': 'lasttoken', last_token: 'lasttoken', 'weighted-mean': 'weightedmean', weighted_mean: 'weightedmean', mean_sqrt_len: 'mean_sqrt_len_tokens' };
  const modes = new Set<PoolingMode>();
  for (const m of list) {
    const mode = typeof m === 'string' ? (aliases[m] ?? m) : m;
    if (typeof mode !== 'string' || !(POOLING_MODES as readonly string[]).includes(mode)) {
      throw new InvalidArgumentError({ parameter, value: m, message: `unknown pooling mode ${JSON.stringify(m)}; expected one of ${POOLING_MODES.join(', ')}` });
    }
    modes.add(mode as PoolingMode);
  }
  return POOLING_MODES.filter((m) => modes.has(m));
}

/**
 * Pools one text's token vectors `h[t]` (rows `0 … tokens−1` of `data`, `hidden` wide; padding
 * excluded) into one vector per mode, concatenated. Tokens before `skip` (a prompt excluded with
 * `include_prompt: false`) are left out of every mode but `cls`, as sentence-transformers masks them:
 *
 *   mean: Σ h_t / n    max: max_t h_t    mean_sqrt_len_tokens: Σ h_t / √n
 *   weightedmean: Σ (t+1)·h_t / Σ (t+1)    cls: h_0    lasttoken: h_{tokens−1}
 *
 * over the kept tokens t (0-based positions in the padded batch row; n = their count).
 * @internal
 */
export function poolTokens(data: Float32Array, offset: number, tokens: number, hidden: number, modes: readonly PoolingMode[], skip = 0): Float32Array {
  const out = new Float32Array(hidden * modes.length);
  const from = Math.min(Math.max(0, skip), tokens);
  const n = tokens - from;
  modes.forEach((mode, i) => {
    const v = out.subarray(i * hidden, (i + 1) * hidden);
    const row = (t: number) => data.subarray(offset + t * hidden, offset + (t + 1) * hidden);
    if (mode === 'cls') v.set(row(0));
    else if (mode === 'lasttoken') {
      if (n > 0) v.set(row(tokens - 1));
    } else if (mode === 'max') {
      if (n === 0) return;
      v.set(row(from));
      for (let t = from + 1; t < tokens; t++) {
        const r = row(t);
        for (let h = 0; h < hidden; h++) if (r[h]! > v[h]!) v[h] = r[h]!;
      }
    } else {
      const acc = new Float64Array(hidden);
      let weightSum = 0;
      for (let t = from; t < tokens; t++) {
        const w = mode === 'weightedmean' ? t + 1 : 1;
        weightSum += w;
        const r = row(t);
        for (let h = 0; h < hidden; h++) acc[h]! += w * r[h]!;
      }
      // sentence-transformers clamps the denominators at 1e-9 (so no-token rows give 0, not NaN)
      const denominator = mode === 'mean_sqrt_len_tokens' ? Math.sqrt(Math.max(n, 1e-9)) : Math.max(weightSum, 1e-9);
      for (let h = 0; h < hidden; h++) v[h] = acc[h]! / denominator;
    }
  });
  return out;
}
