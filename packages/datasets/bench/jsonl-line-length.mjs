// Is the JSONL reader linear in line length? Times readCorpus on files holding one document whose line is
// L MB long (L = 1 … 64), against two yardsticks in the same run: readFile + JSON.parse of the same bytes (the
// floor), and the line splitter this reader used before issue 23 (re-concatenating the open line per 64 KiB
// chunk), up to 32 MB. Linear means the seconds per MB stay flat as L grows.
// Needs a build first (`pnpm --filter @limit/datasets... build`). Usage: node bench/jsonl-line-length.mjs [maxMB]
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { readCorpus } = await import(new URL('../dist/node.js', import.meta.url).href);
const maxMB = Number(process.argv[2] ?? 64);
const dir = mkdtempSync(join(tmpdir(), 'limit-jsonl-bench-'));

/** The splitter before issue 23: Buffer.concat([carry, chunk]) for every chunk of an open line. */
async function previousSplitter(file) {
  let carry;
  let lines = 0;
  for await (const chunk of createReadStream(file)) {
    const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
      new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(start, nl));
      lines++;
      start = nl + 1;
    }
    carry = start < buf.length ? Buffer.from(buf.subarray(start)) : undefined;
  }
  return lines;
}

const time = async (work) => {
  const t = performance.now();
  await work();
  return (performance.now() - t) / 1000;
};

const rows = [];
try {
  for (let mb = 1; mb <= maxMB; mb *= 2) {
    const file = join(dir, `line-${mb}.jsonl`);
    const text = 'Ann likes Tea, '.repeat(Math.ceil((mb * 2 ** 20) / 15)).slice(0, mb * 2 ** 20);
    writeFileSync(file, `${JSON.stringify({ _id: 'a', text })}\n`);
    const reader = await time(async () => {
      for await (const doc of readCorpus(file)) if (doc.text.length !== text.length) throw new Error('wrong text');
    });
    const floor = await time(async () => JSON.parse((await readFile(file, 'utf8')).trim()));
    const previous = mb <= 32 ? await time(() => previousSplitter(file)) : undefined;
    rows.push({ mb, reader, floor, previous });
    console.error(`${mb} MB done`);
    rmSync(file);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const fmt = (x) => (x === undefined ? '—' : x.toFixed(3));
console.log(`node ${process.version}, ${new Date().toISOString().slice(0, 10)}; one line of L MB, seconds (and seconds per MB)`);
console.log('L (MB) | readCorpus | s/MB | readFile+JSON.parse | s/MB | previous splitter | s/MB');
for (const r of rows) {
  console.log(
    `${r.mb} | ${fmt(r.reader)} | ${fmt(r.reader / r.mb)} | ${fmt(r.floor)} | ${fmt(r.floor / r.mb)} | ${fmt(r.previous)} | ${r.previous === undefined ? '—' : fmt(r.previous / r.mb)}`,
  );
}
