import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDiskEmbeddingCache } from './disk-embedding-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'limit-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const vec = (...xs: number[]) => ({ rows: 1, cols: xs.length, data: Float32Array.from(xs) });

describe('openDiskEmbeddingCache', () => {
  it('persists committed entries only, per namespace, and survives a damaged shard', async () => {
    const a = openDiskEmbeddingCache(dir, 'model-a.mean.32');
    a.stage('hello', vec(1, 2, 3));
    expect(a.get('hello')).toBeUndefined(); // staged, not committed
    await a.commit();
    a.stage('dropped', vec(9));
    a.discard();
    await a.commit();
    const again = openDiskEmbeddingCache(dir, 'model-a.mean.32');
    expect(Array.from(again.get('hello')!.data)).toEqual([1, 2, 3]);
    expect(again.get('dropped')).toBeUndefined();
    expect(openDiskEmbeddingCache(dir, 'model-b.mean.32').get('hello')).toBeUndefined();
    // multi-row entries (token outputs) round-trip too
    again.stage('tokens', { rows: 2, cols: 2, data: Float32Array.of(1, 2, 3, 4) });
    await again.commit();
    const folder = join(dir, 'model-a.mean.32');
    writeFileSync(join(folder, 'zz-broken.lec'), Buffer.from([0x4c, 0x45, 0x43, 0x31, 5, 0, 0, 0, 1, 2]));
    const third = openDiskEmbeddingCache(dir, 'model-a.mean.32');
    expect(third.get('tokens')).toMatchObject({ rows: 2, cols: 2 });
    expect(Array.from(third.get('hello')!.data)).toEqual([1, 2, 3]);
    expect(readdirSync(folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
