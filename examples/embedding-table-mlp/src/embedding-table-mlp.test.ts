import { createRng } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { ALPHABET, buildExamples, createMlp, formatReport, lossAndGradients, parameters, runEmbeddingTableLesson } from './embedding-table-mlp.js';

describe('embedding-table MLP example', () => {
  const data = buildExamples(['anna', 'bob', 'ada'], 2);

  it('builds (context → next character) examples with "." padding and an end token', () => {
    // "bob." with block 2: .. → b, .b → o, bo → b, ob → .
    const b = ALPHABET.indexOf('b');
    const o = ALPHABET.indexOf('o');
    const start = 5; // after "anna." (5 examples)
    expect(Array.from(data.X.subarray(start * 2, start * 2 + 8))).toEqual([0, 0, 0, b, b, o, o, b]);
    expect(Array.from(data.Y.subarray(start, start + 4))).toEqual([b, o, b, 0]);
    expect(data.count).toBe(5 + 4 + 4);
  });

  it('its hand-written gradients equal central finite differences of its loss', () => {
    const model = createMlp({ vocab: ALPHABET.length, blockSize: 2, embedding: 3, hidden: 5 }, createRng(4));
    // larger output weights than the default init, so every gradient is far from zero
    for (let i = 0; i < model.W2.length; i++) model.W2[i] = model.W2[i]! * 100;
    const rows = [0, 1, 2, 3, 5, 6, 7, 9, 10, 12];
    const { gradients } = lossAndGradients(model, data, rows);
    const h = 1e-6;
    parameters(model).forEach((array, a) => {
      for (let i = 0; i < array.length; i += a === 0 ? 1 : 3) {
        const x = array[i]!;
        array[i] = x + h;
        const up = lossAndGradients(model, data, rows, false).loss;
        array[i] = x - h;
        const down = lossAndGradients(model, data, rows, false).loss;
        array[i] = x;
        expect(Math.abs(gradients[a]![i]! - (up - down) / (2 * h))).toBeLessThan(1e-7);
      }
    });
    // the lookup's gradient is a scatter-add: rows of C no context used get exactly zero
    const used = new Set(rows.flatMap((r) => [data.X[2 * r]!, data.X[2 * r + 1]!]));
    for (let c = 0; c < ALPHABET.length; c++) {
      const row = Array.from(gradients[0]!.subarray(c * 3, c * 3 + 3));
      if (used.has(c)) expect(row.some((g) => g !== 0)).toBe(true);
      else expect(row).toEqual([0, 0, 0]);
    }
  });

  it('at a small size: a lookup is a one-hot product, the first loss is near log 27, training lowers it', async () => {
    const result = await runEmbeddingTableLesson({
      blockSize: 3, embedding: 6, hidden: 40, batchSize: 32, finderSteps: 60, finderMin: 1e-4, finderMax: 1,
      steps: 300, weightDecay: 0.03, samples: 5, seed: 1,
    });
    expect(result.lookupDifference).toBe(0);
    expect(Math.abs(result.initialLoss - Math.log(27))).toBeLessThan(0.05);
    expect(result.finder.learningRates.length).toBeGreaterThan(10);
    for (const run of result.runs) expect(run.devLoss).toBeLessThan(result.initialLoss - 0.3);
    expect(result.samples).toHaveLength(5);
    for (const { name } of result.samples) expect(name).toMatch(/^[a-z]*$/);
    expect(result.names.train + result.names.dev + result.names.test).toBe(2323);
    const report = formatReport(result);
    expect(report).toContain(`| ${result.runs[1]!.weightDecay} | ${result.runs[1]!.trainLoss.toFixed(4)} | ${result.runs[1]!.devLoss.toFixed(4)} |`);
  });

  it('names a bad option', async () => {
    await expect(runEmbeddingTableLesson({ steps: 2 } as never)).rejects.toThrow(/options\.|steps/);
  });
});
