/** One row of {@link formatResultsTable}: a label and its metric values (fractions in [0, 1]). */
export interface ResultsRow {
  label: string;
  scores: Readonly<Record<string, number | undefined>>;
}

/**
 * Formats results as a GitHub markdown table, metrics as percentages with one decimal (the way
 * the LIMIT paper reports recall); a missing value prints as `–`.
 *
 * @param rows - One row per retriever (or reference result).
 * @param metrics - Metric keys, in column order (e.g. `['recall_at_2', 'recall_at_10', 'recall_at_100']`).
 * @example
 * formatResultsTable([{ label: 'bm25', scores: { recall_at_2: 0.857 } }], ['recall_at_2']);
 * // | retriever | R@2 |\n| --- | ---: |\n| bm25 | 85.7 |
 */
export function formatResultsTable(rows: readonly ResultsRow[], metrics: readonly string[]): string {
  const header = ['retriever', ...metrics.map(metricLabel)];
  const lines = [`| ${header.join(' | ')} |`, `| --- | ${metrics.map(() => '---:').join(' | ')} |`];
  for (const row of rows) {
    const cells = metrics.map((m) => {
      const v = row.scores[m];
      return v === undefined ? '–' : (v * 100).toFixed(1);
    });
    lines.push(`| ${row.label} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/**
 * Short column label for a metric key.
 * @example
 * metricLabel('recall_at_2'); // 'R@2'
 * metricLabel('ndcg_at_10');  // 'nDCG@10'
 */
export function metricLabel(key: string): string {
  const m = /^([a-z]+)_at_(\d+)$/.exec(key);
  if (!m) return key;
  const names: Record<string, string> = { recall: 'R', ndcg: 'nDCG', map: 'MAP', mrr: 'MRR', precision: 'P', success: 'S' };
  return `${names[m[1]!] ?? m[1]}@${m[2]}`;
}
