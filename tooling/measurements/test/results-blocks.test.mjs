import { describe, expect, it } from 'vitest';
import { checkMarkdown, renderMarkdown, resolvePath } from '../lib/results-blocks.mjs';

const files = {
  'docs/measurements/limit-hardness.json': {
    name: 'limit-hardness',
    command: 'node packages/eval/bench/limit-hardness.mjs --seed 0',
    date: '2026-12-07',
    machine: '2 × CPU',
    results: {
      seed: 0,
      paper: { small: { recall_at_2: 97.8, recall_at_10: 100, recall_at_20: 100 }, full: { recall_at_2: 85.7, recall_at_10: 90.4, recall_at_100: 93.6 } },
      small: { bm25: { recall_at_2: 97.1, recall_at_10: 100, recall_at_20: 100, recall_at_100: 100 } },
      full: { bm25: { recall_at_2: 87.2, recall_at_10: 89.9, recall_at_20: 90.5, recall_at_100: 92.7 } },
    },
  },
};
const load = (file) => {
  if (!(file in files)) throw new Error(`${file} does not exist`);
  return files[file];
};
const options = { markdownPath: 'docs/guides/eval.md', load };
const guide = [
  '# Eval',
  '',
  'BM25 reaches 0<!-- results: docs/measurements/limit-hardness.json#small.bm25.recall_at_2 format=percent1 --> R@2 on LIMIT-small.',
  '',
  '<!-- results: docs/measurements/limit-hardness.json view=bm25-recall -->',
  'stale',
  '<!-- /results -->',
  '',
].join('\n');

describe('results blocks', () => {
  const rendered = renderMarkdown(guide, options);

  it('renders cited numbers and blocks from the results file, with the command, the date and a link', () => {
    expect(rendered.problems).toEqual([]);
    expect(rendered.citations).toBe(2);
    expect(rendered.text).toContain('BM25 reaches 97.1<!-- results: docs/measurements/limit-hardness.json#small.bm25.recall_at_2 format=percent1 --> R@2');
    expect(rendered.text).toContain('| BM25 | LIMIT-small (46 docs) | 97.1 | 100.0 | 100.0 | 100.0 | 97.8 / 100 / 100 (R@2/10/20) |');
    expect(rendered.text).toContain('| BM25 | LIMIT (50,000 docs) | 87.2 | 89.9 | 90.5 | 92.7 | 85.7 / 90.4 / 93.6 (R@2/10/100) |');
    expect(rendered.text).toContain('Measured 2026-12-07 on 2 × CPU by `node packages/eval/bench/limit-hardness.mjs --seed 0` → [limit-hardness.json](../measurements/limit-hardness.json)');
    expect(rendered.text).not.toContain('stale');
  });

  it('is idempotent, and a rendered guide checks clean', () => {
    expect(renderMarkdown(rendered.text, options).text).toBe(rendered.text);
    expect(checkMarkdown(rendered.text, options)).toEqual([]);
  });

  it('fails a number edited by hand, in a block or inline', () => {
    const block = rendered.text.replace('| 87.2 |', '| 88.3 |');
    const problems = checkMarkdown(block, options);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toContain('88.3');
    expect(problems[0].message).toContain('87.2');
    const inline = rendered.text.replace('reaches 97.1<!--', 'reaches 99.4<!--');
    expect(checkMarkdown(inline, options)[0]).toMatchObject({ line: 3 });
  });

  it('fails when the results file changes and the guide does not', () => {
    const changed = { ...files['docs/measurements/limit-hardness.json'] };
    changed.results = structuredClone(changed.results);
    changed.results.full.bm25.recall_at_2 = 86.9;
    const problems = checkMarkdown(rendered.text, { ...options, load: () => changed });
    expect(problems.map((p) => p.message).join('\n')).toContain('86.9');
  });

  it('reports a missing results file, an unknown view, a bad path and a stray marker', () => {
    const messages = (text) => checkMarkdown(text, options).map((p) => p.message).join('\n');
    expect(messages('x 1<!-- results: docs/measurements/nope.json#a --> y')).toContain('nope.json does not exist');
    expect(messages('<!-- results: docs/measurements/limit-hardness.json view=nope -->\n<!-- /results -->')).toContain('unknown view "nope"');
    expect(messages('x 1<!-- results: docs/measurements/limit-hardness.json#small.bm25.recall_at_3 --> y')).toContain('recall_at_3');
    expect(messages('a number without the marker form <!-- results: docs/measurements/limit-hardness.json -->')).toContain('neither a block');
  });

  it('resolves dotted paths, array indices included', () => {
    expect(resolvePath({ a: [{ b: 3 }] }, 'a.0.b')).toBe(3);
    expect(() => resolvePath({ a: 1 }, 'b')).toThrow(/stopped at "b"/);
  });
});

describe('fenced code', () => {
  it('leaves markers inside code fences alone and keeps the fences intact', () => {
    const text = [
      'Syntax:',
      '',
      '```md',
      '<!-- results: docs/measurements/nope.json view=nope -->',
      '<!-- /results -->',
      'x 1<!-- results: docs/measurements/nope.json#a -->',
      '```',
      '',
      'Real: 0<!-- results: docs/measurements/limit-hardness.json#full.bm25.recall_at_100 -->',
      '',
      '```sh',
      'echo 2',
      '```',
    ].join('\n');
    const { text: out, problems } = renderMarkdown(text, options);
    expect(problems).toEqual([]);
    expect(out).toBe(text.replace('Real: 0<!--', 'Real: 92.7<!--'));
  });
});
