import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@limit/core/node';
import type { EmbeddingCache } from '../onnx/embedding-cache.js';

const MAGIC = 0x3143454c; // "LEC1"

/**
 * Opens an on-disk {@link EmbeddingCache} under `dir/<namespace>/`. The namespace (given by the
 * encoder) holds the sha256 of the model file and the settings that change outputs; each entry's key
 * is sha256(namespace + text). Committed entries are written as one shard file per commit (binary:
 * "LEC1", count, then per entry a 32-byte key, rows, cols and float32 data), via a temporary file
 * and a rename, so a crash never leaves a partial shard and a failed run leaves nothing.
 * Unreadable or truncated shards are ignored.
 *
 * @param dir - Cache folder (created on first commit).
 * @param namespace - The encoder's cache namespace.
 * @example
 * const encoder = await loadOnnxEncoder(modelDir, { cacheDir: '.cache/embeddings' });
 */
export function openDiskEmbeddingCache(dir: string, namespace: string): EmbeddingCache {
  const folder = join(dir, namespace.replace(/[^A-Za-z0-9._-]/g, '_'));
  const entries = new Map<string, { rows: number; cols: number; data: Float32Array }>();
  let files: string[] = [];
  try {
    files = readdirSync(folder).filter((f) => f.endsWith('.lec'));
  } catch {
    files = [];
  }
  for (const f of files.sort()) {
    try {
      readShard(readFileSync(join(folder, f)), entries);
    } catch {
      // a damaged shard is skipped: the cache only ever saves work
    }
  }
  const staged = new Map<string, { rows: number; cols: number; data: Float32Array }>();
  const keyOf = (text: string) => createHash('sha256').update(namespace).update('\0').update(text, 'utf8').digest('hex');
  return {
    get(text) {
      return entries.get(keyOf(text));
    },
    stage(text, value) {
      staged.set(keyOf(text), value);
    },
    async commit() {
      if (staged.size === 0) return;
      mkdirSync(folder, { recursive: true });
      const bytes = writeShard(staged);
      await writeFileAtomic(join(folder, `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}.lec`), bytes);
      for (const [k, v] of staged) entries.set(k, v);
      staged.clear();
    },
    discard() {
      staged.clear();
    },
  };
}

function writeShard(staged: Map<string, { rows: number; cols: number; data: Float32Array }>): Uint8Array {
  let size = 8;
  for (const v of staged.values()) size += 32 + 8 + v.rows * v.cols * 4;
  const buf = Buffer.alloc(size);
  buf.writeUInt32LE(MAGIC, 0);
  buf.writeUInt32LE(staged.size, 4);
  let o = 8;
  for (const [key, v] of staged) {
    Buffer.from(key, 'hex').copy(buf, o);
    buf.writeUInt32LE(v.rows, o + 32);
    buf.writeUInt32LE(v.cols, o + 36);
    o += 40;
    const n = v.rows * v.cols;
    Buffer.from(v.data.buffer, v.data.byteOffset, n * 4).copy(buf, o);
    o += n * 4;
  }
  return buf;
}

function readShard(buf: Buffer, into: Map<string, { rows: number; cols: number; data: Float32Array }>): void {
  if (buf.length < 8 || buf.readUInt32LE(0) !== MAGIC) return;
  const count = buf.readUInt32LE(4);
  let o = 8;
  const found: [string, { rows: number; cols: number; data: Float32Array }][] = [];
  for (let i = 0; i < count; i++) {
    if (o + 40 > buf.length) return;
    const key = buf.subarray(o, o + 32).toString('hex');
    const rows = buf.readUInt32LE(o + 32);
    const cols = buf.readUInt32LE(o + 36);
    o += 40;
    const n = rows * cols;
    if (o + n * 4 > buf.length) return;
    const data = new Float32Array(n);
    Buffer.from(data.buffer).set(buf.subarray(o, o + n * 4));
    o += n * 4;
    found.push([key, { rows, cols, data }]);
  }
  for (const [k, v] of found) into.set(k, v);
}
