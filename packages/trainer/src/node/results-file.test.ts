import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFormatError } from '@limit/core';
import { experimentParameters } from '../results/experiment-parameters.js';
import { ResultsFile } from './results-file.js';

const dir = () => mkdtempSync(join(tmpdir(), 'limit-results-'));

describe('ResultsFile', () => {
  it('starts empty, appends rows atomically and finds them again after reopening', async () => {
    const file = join(dir(), 'sub', 'd4.json');
    const results = await ResultsFile.open(file);
    expect(results.rows).toEqual([]);
    const parameters = experimentParameters({ n: 10, d: 4, seed: 1 }, 'onnx');
    await results.append({ parameters, metrics: { finalAccuracy: 1, bestLossMonitored: Infinity }, data: {} });
    const text = readFileSync(file, 'utf8');
    const parsed = JSON.parse(text) as unknown[];
    expect(parsed).toHaveLength(1);
    expect((parsed[0] as { metrics: { best_loss_monitored: unknown } }).metrics.best_loss_monitored).toBeNull(); // JSON-safe
    expect((parsed[0] as { metrics: { final_accuracy: unknown } }).metrics.final_accuracy).toBe(1); // official name in the file
    expect(readdirSync(join(file, '..'))).toEqual(['d4.json']); // no temporary file left behind
    const reopened = await ResultsFile.open(file);
    // found by signature even when the backend differs (it does not change the run)
    expect(reopened.find(experimentParameters({ n: 10, d: 4, seed: 1 }, 'wasm'))?.metrics.finalAccuracy).toBe(1);
    expect(reopened.find(experimentParameters({ n: 10, d: 4, seed: 2 }, 'onnx'))).toBeUndefined();
    expect(reopened.find(experimentParameters({ n: 11, d: 4, seed: 1 }, 'onnx'))).toBeUndefined();
  });

  it('reads files in the official schema (one line, as the official script writes them) into camelCase', async () => {
    const file = join(dir(), 'official.json');
    const official = [
      {
        parameters: { q: null, learning_rate: 0.01, num_iterations: 100000, temperature: 0.1, seed: 42, show_progress: true, device: 'gpu', log_interval: 50, early_stopping_patience: 1000, early_stopping_min_delta: 0.00001, early_stopping_monitor_metric: 'loss', early_stopping_restore_best_weights: false, n: 12, d: 4, k: 2 },
        metrics: { final_accuracy: 0.9, max_accuracy_observed: 0.95, experiment_duration_seconds: 3.5 },
        data: {},
      },
    ];
    writeFileSync(file, JSON.stringify(official));
    const results = await ResultsFile.open(file);
    const row = results.find(experimentParameters({ n: 12, d: 4, seed: 42 }, 'cpu'));
    expect(row?.metrics.maxAccuracyObserved).toBe(0.95);
    expect(row?.metrics.experimentDurationSeconds).toBe(3.5);
    expect(row?.parameters.device).toBe('gpu');
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

  it('names the line of a bad row: one row per line in our files', async () => {
    const file = join(dir(), 'rows.json');
    const results = await ResultsFile.open(file, { d: 4 });
    for (const n of [10, 11, 12]) await results.append({ parameters: experimentParameters({ n, d: 4 }, 'js'), metrics: { finalAccuracy: 1 }, data: {} });
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[0]).toBe('[');
    expect(lines).toHaveLength(6); // [, 3 rows, ], trailing newline
    lines[3] = lines[3]!.replace('"final_accuracy":1', '"final_accuracy":"high"');
    writeFileSync(file, lines.join('\n'));
    const error = await ResultsFile.open(file, { d: 4 }).catch((e: unknown) => e);
    expect(DataFormatError.isInstance(error)).toBe(true);
    expect((error as DataFormatError).line).toBe(4);
    expect((error as Error).message).toMatch(/metrics\.final_accuracy \("high"\) is not a number/);
    const wrongD = await ResultsFile.open(join(dir(), 'none.json'), { d: 5 });
    expect(wrongD.rows).toEqual([]);
  });

  it('refuses a conflicting duplicate row naming file and line; drops an exact duplicate with a note', async () => {
    const file = join(dir(), 'd5-k2.json');
    const results = await ResultsFile.open(file, { d: 5 });
    for (const n of [12, 13]) await results.append({ parameters: experimentParameters({ n, d: 5, seed: 42 }, 'js'), metrics: { maxAccuracyObserved: 1, solved: true }, data: {} });
    const lines = readFileSync(file, 'utf8').split('\n');
    // a second row for n = 13 (same run) saying it was not solved: the "later row wins" case
    const conflicting = lines[2]!.replace('"max_accuracy_observed":1', '"max_accuracy_observed":0.9').replace('"solved":true', '"solved":false');
    const content = [...lines.slice(0, 3).map((l, i) => (i === 2 ? `${l},` : l)), conflicting, ...lines.slice(3)].join('\n');
    writeFileSync(file, content);
    const error = await ResultsFile.open(file, { d: 5 }).catch((e: unknown) => e);
    expect(DataFormatError.isInstance(error), String(error)).toBe(true);
    expect((error as DataFormatError).file).toBe(file);
    expect((error as DataFormatError).line).toBe(4);
    expect((error as Error).message).toMatch(/same run as line 3 \(n = 13, d = 5, k = 2, seed 42, same settings\) with different results/);
    expect(readFileSync(file, 'utf8')).toBe(content);

    // an exact copy: accepted, one row kept, a note names the line
    const copy = [...lines.slice(0, 3).map((l, i) => (i === 2 ? `${l},` : l)), lines[2], ...lines.slice(3)].join('\n');
    writeFileSync(file, copy);
    const notes: string[] = [];
    const opened = await ResultsFile.open(file, { d: 5, onNote: (m) => notes.push(m) });
    expect(opened.rows.map((r) => r.parameters.n)).toEqual([12, 13]);
    expect(notes).toEqual([expect.stringMatching(new RegExp(`${file}:4: row 2 repeats line 3 exactly`))]);
  });

  it('refuses an invalid UTF-8 byte naming file and line, and never rewrites it as U+FFFD', async () => {
    const file = join(dir(), 'd4-k2.json');
    const results = await ResultsFile.open(file, { d: 4 });
    await results.append({ parameters: experimentParameters({ n: 10, d: 4 }, 'js'), metrics: { finalAccuracy: 1 }, data: { note: 'Genève' } });
    await results.append({ parameters: experimentParameters({ n: 11, d: 4 }, 'js'), metrics: { finalAccuracy: 1 }, data: { note: 'plain' } });
    const good = readFileSync(file);
    const at = good.indexOf('plain');
    const bad = Buffer.concat([good.subarray(0, at), Buffer.from([0xe9]), good.subarray(at + 1)]); // a Latin-1 é
    writeFileSync(file, bad);
    const error = await ResultsFile.open(file, { d: 4 }).catch((e: unknown) => e);
    expect(DataFormatError.isInstance(error), String(error)).toBe(true);
    expect((error as DataFormatError).file).toBe(file);
    expect((error as DataFormatError).line).toBe(3);
    expect((error as Error).message).toMatch(/invalid UTF-8 \(byte 0xe9 .*left untouched/);
    expect(readFileSync(file).equals(bad)).toBe(true);
  });
});
