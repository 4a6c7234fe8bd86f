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
      backend: 'js',
      training,
      certificatesDir: join(dir, 'certs'),
      onRunStart: ({ n }) => trained.push(n),
    });
    expect(trained.length).toBe(first.trials.length);
    const rows = JSON.parse(readFileSync(resultsFile, 'utf8')) as { parameters: { n: number }; metrics: { solved: boolean }; data: { certificate?: string } }[];
    expect(rows.map((r) => r.parameters.n).sort((a, b) => a - b)).toEqual(first.trials.map((t) => t.n));
    // criticalN is the largest n with a solved row in the file (computed here from the rows written)
    const solvedNs = rows.filter((r) => r.metrics.solved).map((r) => r.parameters.n);
    expect(solvedNs.length).toBeGreaterThan(0);
    expect(first.criticalN).toBe(Math.max(...solvedNs));
    // and some larger n was tried and failed: the search did bracket it
    expect(rows.some((r) => !r.metrics.solved && r.parameters.n > first.criticalN!)).toBe(true);
    // every solved run left a certificate that verifies at 100 %
    for (const row of rows.filter((r) => r.metrics.solved)) {
      expect(existsSync(row.data.certificate!)).toBe(true);
      const check = await verifyEmbeddings(row.data.certificate!);
      expect(check).toMatchObject({ verified: true, accuracy: 1 });
    }

    const bytes = readFileSync(resultsFile, 'utf8');
    const again: number[] = [];
    const second = await runCriticalNExperiment({ d: 3, initialN: 5, resultsFile, backend: 'js', training, onRunStart: ({ n }) => again.push(n) });
    expect(again).toEqual([]);
    expect(second.criticalN).toBe(first.criticalN);
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
      backend: 'js',
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
    await expect(runCriticalNExperiment({ d: 3, initialN: 5, resultsFile, backend: 'js', training })).rejects.toSatisfy((e: unknown) =>
      DataFormatError.isInstance(e),
    );
    expect(readFileSync(resultsFile, 'utf8')).toBe('{"something": "else"}');
  });
});
