import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFormatError } from '@limit/core';
import { experimentParameters } from './experiment-parameters.js';
import { ResultsFile } from './results-file.js';

const dir = () => mkdtempSync(join(tmpdir(), 'limit-results-'));

describe('ResultsFile', () => {
  it('starts empty, appends rows atomically and finds them again after reopening', async () => {
    const file = join(dir(), 'sub', 'd4.json');
    const results = await ResultsFile.open(file);
    expect(results.rows).toEqual([]);
    const parameters = experimentParameters({ n: 10, d: 4, seed: 1 }, 'onnx');
    await results.append({ parameters, metrics: { final_accuracy: 1, best_loss_monitored: Infinity }, data: {} });
    const text = readFileSync(file, 'utf8');
    const parsed = JSON.parse(text) as unknown[];
    expect(parsed).toHaveLength(1);
    expect((parsed[0] as { metrics: { best_loss_monitored: unknown } }).metrics.best_loss_monitored).toBeNull(); // JSON-safe
    expect(readdirSync(join(file, '..'))).toEqual(['d4.json']); // no temporary file left behind
    const reopened = await ResultsFile.open(file);
    // found by signature even when the backend differs (it does not change the run)
    expect(reopened.find(experimentParameters({ n: 10, d: 4, seed: 1 }, 'wasm'))?.metrics.final_accuracy).toBe(1);
    expect(reopened.find(experimentParameters({ n: 10, d: 4, seed: 2 }, 'onnx'))).toBeUndefined();
    expect(reopened.find(experimentParameters({ n: 11, d: 4, seed: 1 }, 'onnx'))).toBeUndefined();
  });

  it('reads files in the official schema (extra keys kept)', async () => {
    const file = join(dir(), 'official.json');
    const official = [
      {
        parameters: { q: null, learning_rate: 0.01, num_iterations: 100000, temperature: 0.1, seed: 42, show_progress: true, device: 'gpu', log_interval: 50, early_stopping_patience: 1000, early_stopping_min_delta: 0.00001, early_stopping_monitor_metric: 'loss', early_stopping_restore_best_weights: false, n: 12, d: 4, k: 2 },
        metrics: { final_accuracy: 0.9, max_accuracy_observed: 0.95 },
        data: {},
      },
    ];
    writeFileSync(file, JSON.stringify(official));
    const results = await ResultsFile.open(file);
    expect(results.find(experimentParameters({ n: 12, d: 4, seed: 42 }, 'cpu'))?.metrics.max_accuracy_observed).toBe(0.95);
  });

  it('never overwrites an unreadable or foreign file: DataFormatError naming it, bytes untouched', async () => {
    for (const content of ['{"not": "an array"}', '[1, 2, 3]', '[{"parameters": {}, "metrics": {}}, ', 'garbage']) {
      const file = join(dir(), 'bad.json');
      writeFileSync(file, content);
      const error = await ResultsFile.open(file).catch((e: unknown) => e);
      expect(DataFormatError.isInstance(error), content).toBe(true);
      expect((error as DataFormatError).file).toBe(file);
      expect((error as DataFormatError).message).toContain('left untouched');
      expect(readFileSync(file, 'utf8')).toBe(content);
    }
  });
});
