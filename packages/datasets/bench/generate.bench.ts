import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { generateLimitDataset } from '../src/generate-limit-dataset.js';
import { writeDataset } from '../src/node/write-dataset.js';

const dir = mkdtempSync(join(tmpdir(), 'limit-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generateLimitDataset', () => {
  bench('small (46 docs)', () => {
    generateLimitDataset({ size: 'small' });
  });
  bench('full (50,000 docs)', () => {
    generateLimitDataset({ size: 'full' });
  }, { iterations: 3, time: 0 });
});

describe('writeDataset', () => {
  const full = generateLimitDataset({ size: 'full' });
  bench('full (27 MB corpus)', async () => {
    await writeDataset(join(dir, 'full'), full);
  }, { iterations: 3, time: 0 });
});
