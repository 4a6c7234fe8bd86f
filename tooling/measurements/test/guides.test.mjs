/**
 * The repository's guides against their results files: every results block and cited number in README.md,
 * docs/**, packages/*\/README.md and examples/*\/README.md must equal what its checked-in file in
 * docs/measurements/ gives (`pnpm measure --render-only` rewrites them; `pnpm measure` re-measures).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listGuides, loadResultsFile } from '../lib/guides.mjs';
import { checkMarkdown } from '../lib/results-blocks.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const guides = listGuides(root);

describe('guides cite their results files', () => {
  it('finds the guides', () => {
    expect(guides).toContain('README.md');
    expect(guides).toContain('docs/reproducing-the-paper.md');
    expect(guides).toContain('packages/trainer/README.md');
  });

  it.each(guides)('%s: every cited number equals its results file', (guide) => {
    const text = readFileSync(join(root, guide), 'utf8');
    const problems = checkMarkdown(text, { markdownPath: guide, load: (file) => loadResultsFile(root, file) });
    expect(problems.map((p) => `${guide}:${p.line}: ${p.message}`)).toEqual([]);
  });

  it('README.md and the guides carry no dated measurement outside a results block (dates mark measurements)', () => {
    const guidesProper = guides.filter((g) => g === 'README.md' || /^docs\/[^/]+\.md$/.test(g) || g.startsWith('docs/guides/'));
    const dated = [];
    for (const guide of guidesProper) {
      const text = readFileSync(join(root, guide), 'utf8').replace(/<!-- results: [^\n]* -->\n[\s\S]*?<!-- \/results -->/g, '');
      text.split('\n').forEach((line, i) => {
        if (/\b20\d\d-[01]\d-[0-3]\d\b/.test(line)) dated.push(`${guide}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(dated).toEqual([]);
  });

  it("the glossary's results file is the trainer's RESULT_FIELDS as built now", async () => {
    const { RESULT_FIELDS } = await import(join(root, 'packages/trainer/dist/index.js'));
    const file = loadResultsFile(root, 'docs/measurements/result-fields.json');
    expect(file.results.fields).toEqual(RESULT_FIELDS.map((f) => ({ ...f })));
  });
});
