import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFormatError, InvalidArgumentError } from '@limit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { importOfficialResults, importOfficialResultsFile } from './import-official-results.js';
import { ResultsFile } from './results-file.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// absl's own flags as FLAGS.flag_values_dict() lists them (None values dropped by the script), beside
// the script's flags — a row the way free_embedding_experiment.py writes it (json.dumps, indent=None)
const ABSL = { logtostderr: false, alsologtostderr: false, log_dir: '', v: -1, verbosity: -1, logger_levels: {}, stderrthreshold: 'fatal', showprefixforinfo: true, run_with_pdb: false, pdb_post_mortem: false, pdb: false, run_with_profiling: false, use_cprofile_for_profiling: true, only_check_args: false, '?': false, help: false, helpshort: false, helpfull: false, helpxml: false };
const params = (n: number) => ({ q: null, learning_rate: 0.01, num_iterations: 100000, temperature: 0.1, seed: 42, show_progress: true, device: 'gpu', log_interval: 50, early_stopping_patience: 1000, early_stopping_min_delta: 1e-5, early_stopping_monitor_metric: 'loss', early_stopping_restore_best_weights: false, ...ABSL, d: 4, k: 2, enable_critical_n_search: 11, results_output_path: 'd=4_k=2.json', n });
const solved = (n: number) => `{"parameters": ${JSON.stringify(params(n))}, "metrics": {"final_accuracy": 1.0, "final_loss": 0.5, "best_loss_monitored": 0.5, "best_accuracy_monitored": null, "losses": [2.0, 0.5], "accuracies": [0.5, 1.0], "max_accuracy_observed": 1.0, "last_logged_accuracy": 1.0, "actual_q_generated": ${(n * (n - 1)) / 2}, "optimization_duration_seconds": 1.5, "experiment_duration_seconds": 1.6}, "data": {}}`;
const diverged = `{"parameters": ${JSON.stringify(params(13))}, "metrics": {"final_accuracy": 0.2, "final_loss": NaN, "best_loss_monitored": Infinity, "best_accuracy_monitored": null, "losses": [NaN], "accuracies": [0.2], "max_accuracy_observed": 0.2, "last_logged_accuracy": 0.2, "actual_q_generated": 78, "optimization_duration_seconds": 1.0, "experiment_duration_seconds": 1.0}, "data": {}}`;
const officialFile = `[${solved(11)}, ${solved(12)}, ${diverged}]`;

describe('importOfficialResults (files written by the official script)', () => {
  it('the strict reader refuses such a file (absl flags), the import accepts it, reports the flags and keeps them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'limit-import-'));
    dirs.push(dir);
    const file = join(dir, 'd=4_k=2.json');
    writeFileSync(file, `[${solved(11)}]`);
    await expect(ResultsFile.open(file)).rejects.toThrow(/unknown field parameters\.logtostderr/);
    const r = importOfficialResults(officialFile, file);
    expect(r.rows).toHaveLength(3);
    expect(Object.keys(r.extraFlags).sort()).toEqual(Object.keys(ABSL).sort());
    expect(r.extraFlags.stderrthreshold).toBe('fatal');
    expect(r.rowsWithExtraFlags).toBe(3);
    expect(r.nonFiniteValues).toBe(3);
    const [first, , last] = r.rows;
    expect(first!.parameters).toMatchObject({ n: 11, d: 4, k: 2, learningRate: 0.01, maxIterations: 100000, seed: 42, device: 'gpu', enableCriticalNSearch: 11, resultsOutputPath: 'd=4_k=2.json' });
    expect(first!.parameters).not.toHaveProperty('logtostderr');
    expect(first!.metrics.finalAccuracy).toBe(1);
    expect(first!.data.officialFlags).toEqual(ABSL);
    expect(Number.isNaN(last!.metrics.finalLoss)).toBe(true);
    expect(last!.metrics.bestLossMonitored).toBe(Infinity);
  });
  it('importOfficialResultsFile writes d{d}-k{k}.json that the strict reader opens; refuses to overwrite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'limit-import-'));
    dirs.push(dir);
    const file = join(dir, 'official.json');
    writeFileSync(file, officialFile);
    const out = join(dir, 'ours');
    const r = await importOfficialResultsFile(file, out);
    expect(r.files).toEqual([join(out, 'd4-k2.json')]);
    const ours = await ResultsFile.open(join(out, 'd4-k2.json'), { d: 4 });
    expect(ours.rows.map((row) => row.parameters.n)).toEqual([11, 12, 13]);
    expect(ours.rows[2]!.metrics.finalLoss).toBeNull(); // JSON has no NaN: written as null, as our writer does
    expect(JSON.parse(readFileSync(join(out, 'd4-k2.json'), 'utf8'))[0].data.officialFlags.v).toBe(-1);
    const again = await importOfficialResultsFile(file, out).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(again) && again.parameter).toBe('outDir');
  });
  it('stays strict about everything else: a wrong type, an unknown metrics key, a repeated run, not an array', () => {
    const bad = (text: string) => {
      try {
        importOfficialResults(text, 'f.json');
      } catch (e) {
        return DataFormatError.isInstance(e) ? e.message : `other: ${String(e)}`;
      }
      return 'accepted';
    };
    expect(bad(`[${solved(11).replace('"seed":42', '"seed":"forty-two"')}]`)).toMatch(/row 0: .*seed/);
    expect(bad(`[${solved(11).replace('"final_accuracy"', '"finale_accuracy"')}]`)).toMatch(/unknown field metrics\.finale_accuracy/);
    expect(bad(`[${solved(11)}, ${solved(11)}]`)).toMatch(/rows 0 and 1 are the same run/);
    expect(bad('{"parameters": {}}')).toMatch(/not a results file/);
    expect(bad('[{"parameters": {"n": 1,')).toMatch(/not valid JSON/);
  });
});
