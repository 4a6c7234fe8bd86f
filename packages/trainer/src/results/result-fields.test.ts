import { describe, expect, it } from 'vitest';
import { RESULT_FIELDS } from './result-fields.js';
import { fromOfficialRow, toOfficialRow } from './official-schema.js';

describe('RESULT_FIELDS', () => {
  it('covers every key the converter writes, under the same names', () => {
    const row = fromOfficialRow(
      {
        parameters: Object.fromEntries(RESULT_FIELDS.filter((f) => f.section === 'parameters').map((f) => [f.fileName, sample(f.fileName)])),
        metrics: Object.fromEntries(RESULT_FIELDS.filter((f) => f.section === 'metrics').map((f) => [f.fileName, sample(f.fileName)])),
      },
      { file: 'memory', line: 1 },
    );
    const written = toOfficialRow(row);
    for (const section of ['parameters', 'metrics'] as const) {
      const fields = RESULT_FIELDS.filter((f) => f.section === section);
      expect(Object.keys(written[section]).sort()).toEqual(fields.map((f) => f.fileName).sort());
      for (const f of fields) expect(Object.keys(row[section])).toContain(f.name);
    }
  });

  it("marks the official script's keys (as its results rows name them) and ours", () => {
    const origin = (fileName: string) => RESULT_FIELDS.find((f) => f.fileName === fileName && f.section === 'metrics')?.origin;
    for (const name of ['final_accuracy', 'final_loss', 'best_loss_monitored', 'best_accuracy_monitored', 'losses', 'accuracies', 'max_accuracy_observed', 'last_logged_accuracy', 'actual_q_generated']) {
      expect(origin(name)).toBe('official');
    }
    for (const name of ['final_exact_top_k', 'exact_top_k_accuracies', 'max_exact_top_k_observed', 'iterations', 'stop_reason', 'solved', 'steps_per_second']) {
      expect(origin(name)).toBe('ours');
    }
    expect(RESULT_FIELDS.find((f) => f.fileName === 'backend')).toMatchObject({ section: 'parameters', name: 'engine', origin: 'ours' });
    expect(RESULT_FIELDS.every((f) => f.meaning.length > 10)).toBe(true);
  });
});

function sample(fileName: string): unknown {
  const values: Record<string, unknown> = {
    early_stopping_monitor_metric: 'loss',
    precision: 'float32',
    stop_reason: 'solved',
    seed: 42,
    q: null,
    query_mode: 'centroid',
    pass_rule: 'margin',
  };
  if (fileName in values) return values[fileName];
  if (['losses', 'accuracies', 'exact_top_k_accuracies'].includes(fileName)) return [0.5, 1];
  if (['backend', 'device', 'results_output_path', 'error', 'traceback', 'engine', 'objective'].includes(fileName)) return 'x';
  if (['show_progress', 'early_stopping_restore_best_weights', 'solved'].includes(fileName)) return false;
  return 3;
}
