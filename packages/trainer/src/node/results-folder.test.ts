import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFormatError, InvalidArgumentError } from '@limit/core';
import { resolveTrainingSettings, criticalNJobId, type CriticalNJob } from '../critical-n/job.js';
import { criticalNJobParameters } from '../critical-n/train-run.js';
import { CriticalNResultsFolder } from './results-folder.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'limit-folder-'));
const job = (n: number): CriticalNJob => ({ d: 3, k: 2, n, seed: 42, training: resolveTrainingSettings({}), engine: 'js', precision: 'float32', certificate: false });
const run = (j: CriticalNJob) => ({ job: j, row: { parameters: criticalNJobParameters(j), metrics: { solved: true, maxAccuracyObserved: 1 }, data: {} } });

describe('CriticalNResultsFolder', () => {
  it("removes temporaries of dead processes on open (a killed writer's), keeps a live one's, and says so", async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'certificates'));
    const dead = `.d3-k2.json.${2 ** 22 + 77}.0123abcd.tmp`;
    const deadCert = `.d3-k2-n4-seed42.cert.json.${2 ** 22 + 78}.0123abcd.tmp`;
    const live = `.d3-k2.json.${process.pid}.89abcdef.tmp`;
    writeFileSync(join(dir, dead), '[half');
    writeFileSync(join(dir, 'certificates', deadCert), '{half');
    writeFileSync(join(dir, live), '[in progress');
    const notes: string[] = [];
    const folder = await CriticalNResultsFolder.open(dir, { onNote: (m) => notes.push(m) });
    await folder.close();
    expect(existsSync(join(dir, dead))).toBe(false);
    expect(existsSync(join(dir, 'certificates', deadCert))).toBe(false);
    expect(existsSync(join(dir, live))).toBe(true);
    expect(notes).toEqual([expect.stringContaining(dead), expect.stringContaining(deadCert)]);
  });

  it('failures.json lists only open failures: read back on open, closed when the run is recorded or found', async () => {
    const dir = tmp();
    const a = await CriticalNResultsFolder.open(dir);
    await a.recordFailure(job(5), new Error('worker died'), 1);
    await a.recordFailure(job(6), new Error('worker died'), 3);
    await a.record(job(4), run(job(4)));
    await a.close();
    expect((JSON.parse(readFileSync(join(dir, 'failures.json'), 'utf8')) as { n: number }[]).map((f) => f.n)).toEqual([5, 6]);
    // the next experiment reads them back; recording a run closes its failure, and the file goes when none is open
    const b = await CriticalNResultsFolder.open(dir);
    expect(b.recordedFailures.map((f) => f.jobId)).toEqual([criticalNJobId(job(5)), criticalNJobId(job(6))]);
    await b.record(job(5), run(job(5)));
    expect(b.recordedFailures.map((f) => f.n)).toEqual([6]);
    await b.record(job(6), run(job(6)));
    await b.close();
    expect(existsSync(join(dir, 'failures.json'))).toBe(false);
  });

  it('refuses an output that is a file, and a corrupt failures.json (untouched)', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'afile'), 'x');
    const file = await CriticalNResultsFolder.open(join(dir, 'afile')).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(file) && file.parameter === 'folder').toBe(true);
    const under = await CriticalNResultsFolder.open(join(dir, 'afile', 'sub')).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(under)).toBe(true);
    writeFileSync(join(dir, 'failures.json'), '{oops');
    const corrupt = await CriticalNResultsFolder.open(dir).catch((e: unknown) => e);
    expect(DataFormatError.isInstance(corrupt) && corrupt.file === join(dir, 'failures.json')).toBe(true);
    expect(readFileSync(join(dir, 'failures.json'), 'utf8')).toBe('{oops');
    expect(existsSync(join(dir, '.limit-results.lock'))).toBe(false); // released
  });
});
