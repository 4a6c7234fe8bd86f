// Results blocks and citations in markdown: what ties a number in a guide to the checked-in results file that
// a script wrote.
//
//   A block — a generated table or text, and a line saying which command measured it and when:
//     <!-- results: docs/measurements/limit-hardness.json view=bm25-recall -->
//     …generated markdown…
//     <!-- /results -->
//   An inline citation — the number right before the comment:
//     BM25 gets 97.1<!-- results: docs/measurements/limit-hardness.json#small.bm25.recall_at_2 format=percent1 --> R@2
//
// `renderMarkdown` rewrites every block and cited number from the results files (what `pnpm measure` does);
// `checkMarkdown` renders in memory and reports every difference (what the test does), so a number edited
// by hand, or a results file changed without its guide, fails.
import { dirname, relative } from 'node:path';
import { formatValue } from './format.mjs';
import { VIEWS } from './views.mjs';

const BLOCK = /<!-- results: (\S+) view=([\w-]+)((?: [\w-]+=[^\s>]+)*) -->\n([\s\S]*?)<!-- \/results -->/g;
const INLINE = /([-+−]?\d[\d,]*(?:\.\d+)?)<!-- results: ([^\s#]+)#(\S+?)(?: format=([\w]+))? -->/g;
const ANY = /<!-- results: /g;

function lineOf(text, index) {
  return text.slice(0, index).split('\n').length;
}

function parseOptions(text) {
  return Object.fromEntries(
    text
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => pair.split('=')),
  );
}

/** The value at a dotted path (`small.bm25.recall_at_2`, `rows.0.criticalN`) of the file's `results`. */
export function resolvePath(results, path) {
  let value = results;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !(key in value)) throw new Error(`no ${JSON.stringify(path)} in the results (stopped at ${JSON.stringify(key)})`);
    value = value[key];
  }
  return value;
}

/** The provenance line under every block: what measured it, when, where; how to redo it. */
export function provenance(file, data, markdownPath) {
  const link = relative(dirname(markdownPath), file).split('\\').join('/');
  const what = data.kind === 'generated' ? 'Generated' : 'Measured';
  const where = data.kind === 'generated' || !data.machine ? '' : ` on ${data.machine}`;
  return `<sub>${what} ${data.date}${where} by \`${data.command}\` → [${file.split('/').at(-1)}](${link}); \`pnpm measure ${data.name}\` redoes it.</sub>`;
}

/**
 * Every block and citation of a markdown text, rendered from the results files.
 *
 * @param {string} text - the markdown.
 * @param {{ markdownPath: string, load: (file: string) => any }} options - the file's path relative to the
 *   repository root (for links), and a loader of results files (repository-relative paths).
 * @returns {{ text: string, problems: { line: number, message: string }[], citations: number }}
 */
export function renderMarkdown(original, { markdownPath, load }) {
  // fenced code (examples of the syntax, like the ones in docs/measurements/README.md) is not a citation:
  // masked with placeholders of the same line count, restored at the end
  const fences = [];
  const text = original.replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, (code) => {
    const placeholder = `\u0000fence${fences.length}\u0000${'\n'.repeat(code.split('\n').length - 1)}`;
    fences.push({ code, placeholder });
    return placeholder;
  });
  const restore = (t) => fences.reduce((acc, { code, placeholder }) => acc.replace(placeholder, () => code), t);
  const problems = [];
  let citations = 0;
  const blockSpans = [];
  let out = text.replace(BLOCK, (whole, file, view, optionText, content, offset) => {
    citations++;
    blockSpans.push([offset, offset + whole.length]);
    const line = lineOf(text, offset);
    try {
      const data = load(file);
      const render = VIEWS[view];
      if (render === undefined) throw new Error(`unknown view ${JSON.stringify(view)} (known: ${Object.keys(VIEWS).join(', ')})`);
      const body = render(data.results, parseOptions(optionText), data, { markdownPath }).trimEnd();
      return `<!-- results: ${file} view=${view}${optionText} -->\n${body}\n\n${provenance(file, data, markdownPath)}\n<!-- /results -->`;
    } catch (error) {
      problems.push({ line, message: `${file} (view ${view}): ${error.message}` });
      return whole;
    }
  });
  out = out.replace(INLINE, (whole, shown, file, path, format, offset) => {
    citations++;
    const line = lineOf(out, offset);
    try {
      const value = resolvePath(load(file).results, path);
      return `${formatValue(value, format)}<!-- results: ${file}#${path}${format ? ` format=${format}` : ''} -->`;
    } catch (error) {
      problems.push({ line, message: `${file}#${path}: ${error.message}` });
      return whole;
    }
  });
  // a marker neither form understood is a typo, not a citation to skip silently
  const understood = [...text.matchAll(BLOCK)].length + [...text.matchAll(INLINE)].length;
  const markers = [...text.matchAll(ANY)].length;
  if (markers !== understood) problems.push({ line: 0, message: `${markers - understood} "<!-- results:" marker(s) neither a block (… view=NAME --> … <!-- /results -->) nor a number followed by a citation (file#path)` });
  return { text: restore(out), problems, citations };
}

/**
 * What differs between a markdown text and its rendering: every block or cited number that does not equal
 * what its results file gives, with the line and both versions.
 *
 * @returns {{ line: number, message: string }[]}
 */
export function checkMarkdown(text, options) {
  const { text: rendered, problems } = renderMarkdown(text, options);
  if (rendered === text) return problems;
  const a = text.split('\n');
  const b = rendered.split('\n');
  const differences = [];
  for (let i = 0, j = 0; i < a.length || j < b.length; i++, j++) {
    if (a[i] === b[j]) continue;
    differences.push({ line: i + 1, message: `differs from its results file:\n  in the file:  ${a[i] ?? '(end)'}\n  from results: ${b[j] ?? '(end)'}` });
    if (a.length !== b.length) break; // lines shifted: the first difference is enough to locate it
  }
  return [...problems, ...differences];
}
