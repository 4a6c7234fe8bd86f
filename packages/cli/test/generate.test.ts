import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'limit-generate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function limit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [cli, ...args], { maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Reads a JSONL file with plain JSON.parse — independent of @limit/datasets' reader. */
function jsonl(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** "Name likes A, B, and C." → ['A', 'B', 'C'] (parsed here, not with the package's parser). */
function likedAttributes(text: string, name: string): string[] {
  const prefix = `${name} likes `;
  expect(text.startsWith(prefix)).toBe(true);
  expect(text.endsWith('.')).toBe(true);
  const body = text.slice(prefix.length, -1);
  const [head, last] = body.split(', and ');
  return [...head!.split(', '), last!];
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('limit generate', () => {
  it('--size small meets the acceptance criteria of LIMIT-small', async () => {
    const out = join(dir, 'small');
    const { code, stdout } = await limit('generate', '--size', 'small', '--out', out);
    expect(code).toBe(0);
    // The printed summary.
    expect(stdout).toMatch(/documents\s+46\n/);
    expect(stdout).toMatch(/queries\s+1000\n/);
    expect(stdout).toMatch(/qrels\s+2000\n/);
    expect(stdout).toMatch(/attributes per document\s+45\n/);
    expect(stdout).toMatch(/\s45\s+37\n\s+38\s+2\n\s+37\s+7/);

    // The files, read independently.
    expect(readdirSync(out).sort()).toEqual(['corpus.jsonl', 'qrels.jsonl', 'queries.jsonl']);
    const corpus = jsonl(join(out, 'corpus.jsonl'));
    const queries = jsonl(join(out, 'queries.jsonl'));
    const qrels = jsonl(join(out, 'qrels.jsonl'));
    expect(corpus.length).toBe(46);
    expect(queries.length).toBe(1000);
    expect(qrels.length).toBe(2000);
    for (const d of corpus) expect(Object.keys(d)).toEqual(['_id', 'title', 'text']);
    for (const q of queries) expect(Object.keys(q)).toEqual(['_id', 'text']);
    for (const r of qrels) expect(Object.keys(r)).toEqual(['query-id', 'corpus-id', 'score']);

    const attributesOf = new Map<string, Set<string>>();
    for (const d of corpus) {
      const attrs = likedAttributes(d.text as string, d._id as string);
      expect(attrs.length).toBe(45);
      expect(new Set(attrs).size).toBe(45);
      attributesOf.set(d._id as string, new Set(attrs));
    }
    expect(attributesOf.size).toBe(46); // unique names

    const relevant = new Map<string, string[]>();
    const degree = new Map<string, number>();
    for (const r of qrels) {
      relevant.set(r['query-id'] as string, [...(relevant.get(r['query-id'] as string) ?? []), r['corpus-id'] as string]);
      degree.set(r['corpus-id'] as string, (degree.get(r['corpus-id'] as string) ?? 0) + 1);
      expect(r.score).toBe(1);
    }
    // Degree histogram: 37 docs × 45 queries, 2 × 38, 7 × 37.
    const hist = new Map<number, number>();
    for (const d of degree.values()) hist.set(d, (hist.get(d) ?? 0) + 1);
    expect([...hist.entries()].sort((a, b) => b[0] - a[0])).toEqual([
      [45, 37],
      [38, 2],
      [37, 7],
    ]);
    // Each query's attribute occurs in exactly its 2 relevant documents.
    for (const q of queries) {
      const m = /^Who likes (.+)\?$/.exec(q.text as string);
      expect(m).not.toBeNull();
      const holders = corpus.filter((d) => attributesOf.get(d._id as string)!.has(m![1]!)).map((d) => d._id);
      expect(holders.sort()).toEqual(relevant.get(q._id as string)!.sort());
      expect(holders.length).toBe(2);
    }

    // A second run is byte-identical.
    const again = join(dir, 'small-again');
    expect((await limit('generate', '--size', 'small', '--out', again)).code).toBe(0);
    for (const f of ['corpus.jsonl', 'queries.jsonl', 'qrels.jsonl']) expect(sha(join(again, f))).toBe(sha(join(out, f)));
  });

  it('--size full writes 50,000 documents with the same relevance structure (--json summary)', async () => {
    const out = join(dir, 'full');
    const { code, stdout } = await limit('generate', '--size', 'full', '--out', out, '--json');
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as Record<string, unknown>;
    expect(summary.numDocs).toBe(50_000);
    expect(summary.numQueries).toBe(1000);
    expect(summary.numQrels).toBe(2000);
    expect(summary.attributesPerDoc).toEqual([[45, 50_000]]);
    expect(summary.degreeHistogram).toEqual([
      [45, 37],
      [38, 2],
      [37, 7],
      [0, 49_954],
    ]);
    expect(readFileSync(join(out, 'corpus.jsonl'), 'utf8').split('\n').filter(Boolean).length).toBe(50_000);
  });

  it('honours --pattern, --k, --queries and --docs', async () => {
    const out = join(dir, 'cycle');
    const { code, stdout } = await limit('generate', '--size', 'small', '--pattern', 'cycle', '--k', '3', '--queries', '50', '--docs', '60', '--out', out, '--json');
    expect(code).toBe(0);
    const s = JSON.parse(stdout) as { numDocs: number; numQrels: number; degreeHistogram: number[][] };
    expect(s.numDocs).toBe(60);
    expect(s.numQrels).toBe(150);
    expect(s.degreeHistogram).toEqual([
      [3, 50],
      [0, 10],
    ]);
  });

  it('--help documents every option', async () => {
    const { code, stdout } = await limit('generate', '--help');
    expect(code).toBe(0);
    for (const flag of ['--size', '--out', '--seed', '--pattern', '--docs', '--queries', '--k']) expect(stdout).toContain(flag);
  });

  it('rejects bad options with a typed error naming the flag, and writes nothing', async () => {
    const out = join(dir, 'bad');
    for (const [args, flag] of [
      [['--size', 'medium'], '--size'],
      [['--k', 'two'], '--k'],
      [['--size', 'small', '--docs', '10'], 'numDocs'],
    ] as const) {
      const { code, stderr } = await limit('generate', '--out', out, ...args);
      expect(code).toBe(2);
      expect(stderr).toContain(`InvalidArgumentError: Invalid argument for parameter ${flag}`);
    }
    expect(() => readdirSync(out)).toThrow();
  });
});
