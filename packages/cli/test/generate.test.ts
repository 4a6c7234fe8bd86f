import { execFile, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

/**
 * "Name likes A, B and C." → ['A', 'B', 'C'] (parsed here, not with the package's parser). The
 * generator keeps items containing "and" out of the last two places, so the last piece has exactly
 * one " and ".
 */
function likedAttributes(text: string, name: string): string[] {
  const prefix = `${name} likes `;
  expect(text.startsWith(prefix)).toBe(true);
  expect(text.endsWith('.')).toBe(true);
  const pieces = text.slice(prefix.length, -1).split(', ');
  const last = pieces.pop()!.split(' and ');
  expect(last.length).toBe(2);
  return [...pieces, ...last];
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
    expect(readdirSync(out).sort()).toEqual(['corpus.jsonl', 'limit-dataset.json', 'qrels.jsonl', 'queries.jsonl']); // + the generator record (seed, options, digest)
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
      // the dataset library names numDocs; the CLI reports the flag the user typed
      [['--size', 'small', '--docs', '10'], '--docs'],
    ] as const) {
      const { code, stderr } = await limit('generate', '--out', out, ...args);
      expect(code).toBe(2);
      expect(stderr).toContain(`InvalidArgumentError: Invalid argument for parameter ${flag}`);
    }
    expect(() => readdirSync(out)).toThrow();
  });

  it('--attributes FILE: uses the list; duplicates, blank lines and too few items fail with file:line', async () => {
    const items = Array.from({ length: 80 }, (_, i) => `Item ${String.fromCharCode(65 + (i % 26))}${i}`);
    items[3] = 'Fish and Chips';
    const list = join(dir, 'items.txt');
    writeFileSync(list, `${items.join('\n')}\n`);
    const out = join(dir, 'custom');
    const ok = await limit('generate', '--size', 'small', '--queries', '20', '--attributes-per-doc', '10', '--attributes', list, '--out', out);
    expect(ok.code).toBe(0);
    const vocab = new Set(items);
    for (const d of jsonl(join(out, 'corpus.jsonl'))) for (const a of likedAttributes(d.text as string, d._id as string)) expect(vocab.has(a)).toBe(true);

    writeFileSync(list, 'Tea\nJazz\nKites\nTea\n');
    let r = await limit('generate', '--size', 'small', '--queries', '2', '--attributes-per-doc', '2', '--attributes', list, '--out', out);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining(`DataFormatError: ${list}:4: "Tea" is listed twice (first on line 1)`)]);
    writeFileSync(list, 'Tea\n\nJazz\n');
    r = await limit('generate', '--size', 'small', '--attributes', list, '--out', out);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining(`${list}:2: blank line`)]);
    writeFileSync(list, `${items.slice(0, 30).join('\n')}\n`);
    r = await limit('generate', '--size', 'small', '--attributes', list, '--out', out);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining(`${list}:30: --attributes lists only 30 items, too few`)]);
  });

  it('an --out that is a file (or lies under one) fails before any work, naming --out', async () => {
    const f = join(dir, 'afile');
    writeFileSync(f, 'x');
    for (const out of [f, join(f, 'ds')]) {
      const r = await limit('generate', '--size', 'full', '--out', out);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Invalid argument for parameter --out');
      expect(r.stderr).not.toContain('generated');
    }
  });
});

const datasetFiles = ['corpus.jsonl', 'queries.jsonl', 'qrels.jsonl'];

describe('limit generate keeps files it did not write', () => {
  it('refuses a same-named foreign corpus.jsonl in --out (bytes untouched) unless --force; replaces its own freely', async () => {
    const out = join(dir, 'foreign');
    mkdirSync(out, { recursive: true });
    const mine = '{"_id": "mine", "title": "", "text": "my own corpus"}\n';
    writeFileSync(join(out, 'corpus.jsonl'), mine);
    const refused = await limit('generate', '--size', 'small', '--out', out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^limit: InvalidArgumentError: .*--out .*holds corpus\.jsonl, which limit generate did not write.*pass --force/);
    expect(readFileSync(join(out, 'corpus.jsonl'), 'utf8')).toBe(mine);
    expect(readdirSync(out)).toEqual(['corpus.jsonl']);
    const forced = await limit('generate', '--size', 'small', '--out', out, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(join(out, 'corpus.jsonl'), 'utf8')).not.toBe(mine);
    // now it is the generator's own dataset: a second generate replaces it without --force
    expect((await limit('generate', '--size', 'small', '--seed', '5', '--out', out)).code).toBe(0);
  });
});

describe('limit generate never leaves a broken dataset', () => {
  const canMount = process.platform === 'linux' && process.getuid?.() === 0;
  if (!canMount) console.warn(`skipping the full-disk test: mounting a tmpfs needs root on Linux (uid ${process.getuid?.()})`);

  it.runIf(canMount)('on a full disk (320 KiB tmpfs), a second generate exits non-zero and the first dataset stays byte-identical', async () => {
    const mnt = mkdtempSync(join(tmpdir(), 'limit-tmpfs-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=320k', 'tmpfs', mnt], { encoding: 'utf8' });
    if (mounted.status !== 0) {
      console.warn(`skipping the full-disk test: mount failed (${mounted.stderr.trim()})`);
      return;
    }
    try {
      // both layouts: the dataset in a folder on the small disk, and the mount point itself
      for (const out of [join(mnt, 'ds'), mnt]) {
        const first = await limit('generate', '--size', 'small', '--seed', '0', '--out', out);
        expect(first.code).toBe(0);
        const before = datasetFiles.map((f) => sha(join(out, f)));
        const second = await limit('generate', '--size', 'small', '--seed', '1', '--out', out);
        expect(second.code).not.toBe(0);
        expect(second.stderr).toMatch(/ENOSPC/);
        expect(second.stdout).toBe(''); // no summary table for a failed write
        expect(datasetFiles.map((f) => sha(join(out, f)))).toEqual(before);
        expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]); // temporaries removed
        const check = await limit('evaluate', '--data', out, '--retriever', 'bm25', '--json');
        expect(check.code).toBe(0);
        if (out !== mnt) rmSync(out, { recursive: true });
      }
    } finally {
      spawnSync('umount', [mnt]);
      rmSync(mnt, { recursive: true, force: true });
    }
  }, 120_000);

  it('SIGKILL mid-write leaves the previous dataset intact and loadable; the next run removes the temporaries', async () => {
    const out = join(dir, 'killed');
    expect((await limit('generate', '--size', 'small', '--seed', '0', '--out', out)).code).toBe(0);
    const before = datasetFiles.map((f) => sha(join(out, f)));
    const child = spawn('node', [cli, 'generate', '--size', 'full', '--seed', '1', '--out', out], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, signal) => res(signal)));
    // wait until its temporary corpus is being written (> 1 MB), then kill it by its own pid
    const deadline = Date.now() + 60_000;
    let temp: string | undefined;
    while (Date.now() < deadline && temp === undefined) {
      await new Promise((r) => setTimeout(r, 20));
      const t = readdirSync(out).find((f) => f.startsWith(`.corpus.jsonl.${child.pid}.`));
      if (t !== undefined && statSync(join(out, t), { throwIfNoEntry: false })?.size! > 1 << 20) temp = t;
    }
    expect(temp).toBeDefined();
    process.kill(child.pid!, 'SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(readdirSync(out)).toContain(temp); // the killed run's half-written temporary …
    expect(datasetFiles.map((f) => sha(join(out, f)))).toEqual(before); // … beside the intact dataset
    const loaded = await limit('evaluate', '--data', out, '--retriever', 'bm25', '--json');
    expect(loaded.code).toBe(0); // readers ignore the temporary
    expect((await limit('generate', '--size', 'small', '--seed', '2', '--out', out)).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([...datasetFiles, 'limit-dataset.json'].sort()); // stale temporary removed (the generator record stays)
  }, 120_000);
});

