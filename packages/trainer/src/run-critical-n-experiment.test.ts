import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AbortedError, DataFormatError } from '@limit/core';
import { verifyEmbeddings } from './certificate-file.js';
import { runCriticalNExperiment } from './run-critical-n-experiment.js';

const training = { maxIterations: 1500, earlyStopping: { patience: 200 } };

describe('runCriticalNExperiment', () => {
  it('records every run, then resumes from the file without training; certificates verify', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'limit-cnx-'));
    const resultsFile = join(dir, 'd3.json');
    const trained: number[] = [];
    const first = await runCriticalNExperiment({
      d: 3,
      initialN: 5,
      resultsFile,
      engine: 'auto',
      training,
      certificatesDir: join(dir, 'certs'),
      onRunStart: ({ n }) => trained.push(n),
    });
    expect(trained.length).toBe(first.trials.length);
    type Row = {
      parameters: { n: number; backend: string; device: string; precision: string; learning_rate: number };
      metrics: { solved: boolean; engine: string; precision: string; final_accuracy: number; max_exact_top_k_observed: number };
      data: { certificate?: string };
    };
    const rows = JSON.parse(readFileSync(resultsFile, 'utf8')) as Row[];
    expect(rows.map((r) => r.parameters.n).sort((a, b) => a - b)).toEqual(first.trials.map((t) => t.n));
    // the official schema at the file boundary (snake_case), our in-memory names nowhere
    expect(rows[0]!.parameters.learning_rate).toBe(0.01);
    expect(JSON.stringify(rows)).not.toMatch(/"(finalAccuracy|learningRate|stopReason)"/);
    // one engine and one precision for every run of the search
    expect(new Set(rows.map((r) => `${r.parameters.backend}/${r.parameters.precision}/${r.metrics.engine}/${r.metrics.precision}`))).toEqual(new Set(['js/float32/js/float32']));
    // largestSolvedN is the largest n with a solved row in the file (computed here from the rows written)
    const solvedNs = rows.filter((r) => r.metrics.solved).map((r) => r.parameters.n);
    expect(solvedNs.length).toBeGreaterThan(0);
    expect(first.largestSolvedN).toBe(Math.max(...solvedNs));
    // criticalN is the binary search's answer: solved, with criticalN + 1 tried and failed
    const byN = new Map(rows.map((r) => [r.parameters.n, r]));
    expect(byN.get(first.criticalN!)!.metrics.solved).toBe(true);
    expect(byN.get(first.criticalN! + 1)!.metrics.solved).toBe(false);
    expect(first.criticalN).toBeLessThanOrEqual(first.largestSolvedN!);
    // solved ⇔ exact top-k reached 1; the official accuracy is 1 then too
    for (const row of rows) expect(row.metrics.solved).toBe(row.metrics.max_exact_top_k_observed === 1);
    // every solved run left a certificate that verifies at 100 %
    for (const row of rows.filter((r) => r.metrics.solved)) {
      expect(existsSync(row.data.certificate!)).toBe(true);
      const check = await verifyEmbeddings(row.data.certificate!);
      expect(check).toMatchObject({ verified: true, accuracy: 1 });
    }

    const bytes = readFileSync(resultsFile, 'utf8');
    const again: number[] = [];
    const second = await runCriticalNExperiment({ d: 3, initialN: 5, resultsFile, engine: 'js', training, onRunStart: ({ n }) => again.push(n) });
    expect(again).toEqual([]);
    expect(second.criticalN).toBe(first.criticalN);
    expect(second.largestSolvedN).toBe(first.largestSolvedN);
    expect(second.trials.every((t) => t.runs.every((r) => r.cached))).toBe(true);
    expect(readFileSync(resultsFile, 'utf8')).toBe(bytes);
  });

  it('an abort loses only the run in progress', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'limit-cnx-'));
    const resultsFile = join(dir, 'd3.json');
    const controller = new AbortController();
    let runs = 0;
    const promise = runCriticalNExperiment({
      d: 3,
      initialN: 5,
      resultsFile,
      engine: 'js',
      training,
      signal: controller.signal,
      onRunStart: () => {
        runs += 1;
        if (runs === 3) controller.abort();
      },
    });
    await expect(promise).rejects.toSatisfy((e: unknown) => AbortedError.isInstance(e));
    expect((JSON.parse(readFileSync(resultsFile, 'utf8')) as unknown[]).length).toBe(2);
  });

  it('refuses a foreign results file and leaves it untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'limit-cnx-'));
    const resultsFile = join(dir, 'd3.json');
    writeFileSync(resultsFile, '{"something": "else"}');
    await expect(runCriticalNExperiment({ d: 3, initialN: 5, resultsFile, engine: 'js', training })).rejects.toSatisfy((e: unknown) =>
      DataFormatError.isInstance(e),
    );
    expect(readFileSync(resultsFile, 'utf8')).toBe('{"something": "else"}');
  });

  it('refuses a results file with a row of another d or an unknown field, naming file and line, and leaves it untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'limit-cnx-'));
    const resultsFile = join(dir, 'd3.json');
    await runCriticalNExperiment({ d: 3, initialN: 3, maxN: 3, resultsFile, engine: 'js', training });
    const written = readFileSync(resultsFile, 'utf8');
    const rows = JSON.parse(written) as { parameters: Record<string, unknown>; metrics: Record<string, unknown> }[];
    expect(rows.length).toBeGreaterThan(0);
    const cases: Array<[string, RegExp]> = [
      [`[\n${JSON.stringify(rows[0])},\n${JSON.stringify({ ...rows[0], parameters: { ...rows[0]!.parameters, d: 4 } })}\n]\n`, /d = 4/],
      [`[\n${JSON.stringify(rows[0])},\n${JSON.stringify({ ...rows[0], metrics: { ...rows[0]!.metrics, recall_at_2: 0.5 } })}\n]\n`, /unknown field metrics\.recall_at_2/],
    ];
    for (const [content, message] of cases) {
      writeFileSync(resultsFile, content);
      const error = await runCriticalNExperiment({ d: 3, initialN: 3, resultsFile, engine: 'js', training }).catch((e: unknown) => e);
      expect(DataFormatError.isInstance(error), String(error)).toBe(true);
      expect((error as DataFormatError).file).toBe(resultsFile);
      expect((error as DataFormatError).line).toBe(3);
      expect((error as Error).message).toMatch(message);
      expect(readFileSync(resultsFile, 'utf8')).toBe(content);
    }
  });
});
