import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFormatError } from '@limit/core';
import { createEmbeddingCertificate } from '../certificates/embedding-certificate.js';
import { experimentParameters } from '../results/experiment-parameters.js';
import { trainFreeEmbeddings } from '../training/train-free-embeddings.js';
import { checkCertificateFile } from './check-certificate-file.js';
import { initialEmbeddingsDigest } from './initial-embeddings-digest.js';
import { readConfigurationFile } from './read-configuration-file.js';

const dir = mkdtempSync(join(tmpdir(), 'limit-check-'));

describe('checkCertificateFile (what `limit verify` proves)', () => {
  it('a solved run: claims hold, the seed matches its digest, every top-k realised; a changed seed is caught', async () => {
    const options = { n: 7, d: 4, seed: 3, engine: 'js' } as const;
    const result = await trainFreeEmbeddings({ ...options, returnEmbeddings: true });
    const certificate = createEmbeddingCertificate({
      ...result.embeddings!,
      qrels: result.qrels,
      qrelsSpec: { kind: 'all-combinations', n: 7, k: 2 },
      parameters: { ...experimentParameters(options, 'js'), initialEmbeddingsSha256: initialEmbeddingsDigest({ numQueries: 21, numDocs: 7, d: 4 }, 3) },
    });
    const file = join(dir, 'solved.json');
    writeFileSync(file, JSON.stringify(certificate));
    const check = await checkCertificateFile(file);
    expect(check.solved).toBe(true);
    expect(check.claims.hold).toBe(true);
    expect(check.claims.parameters.find((p) => p.parameter === 'seed')!.status).toBe('ok');
    expect(check.claims.minMargin).toBe(result.metrics.minMargin);
    const tampered = join(dir, 'tampered.json');
    writeFileSync(tampered, JSON.stringify({ ...certificate, parameters: { ...certificate.parameters, seed: 4 } }));
    const bad = await checkCertificateFile(tampered);
    expect(bad.claims.hold).toBe(false);
    expect(bad.claims.problems.join(' ')).toMatch(/parameters\.seed: its initial embeddings do not match/);
    // the same file read as a configuration: its documents, qrels and trained queries
    const configuration = await readConfigurationFile(file);
    expect(configuration.kind).toBe('certificate');
    expect(configuration.queries!.rows).toBe(21);
  });

  it('refuses a file that is not a certificate, naming it', async () => {
    const file = join(dir, 'not.json');
    writeFileSync(file, '[1, 2]');
    await expect(checkCertificateFile(file)).rejects.toSatisfy((e: unknown) => DataFormatError.isInstance(e) && (e as DataFormatError).file === file);
    await expect(readConfigurationFile(file)).rejects.toSatisfy((e: unknown) => DataFormatError.isInstance(e) && (e as DataFormatError).file === file);
  });
});
