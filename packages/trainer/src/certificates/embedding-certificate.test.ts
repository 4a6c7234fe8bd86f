import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFormatError, createDenseMatrix } from '@limit/core';
import { allCombinationQrels } from '@limit/combinatorics';
import { saveCertificate, verifyEmbeddings } from '../node/certificate-file.js';
import { createEmbeddingCertificate, verifyEmbeddingCertificate } from './embedding-certificate.js';

/** k = 1 in d = 2, with margins computable by hand. */
function handMade() {
  // 3 documents on the unit circle at 0°, 120°, 240°; each query equals its single relevant document.
  const angles = [0, (2 * Math.PI) / 3, (4 * Math.PI) / 3];
  const documents = createDenseMatrix(3, 2, Float32Array.from(angles.flatMap((a) => [Math.cos(a), Math.sin(a)])));
  const queries = createDenseMatrix(3, 2, Float32Array.from(documents.data));
  return { queries, documents, qrels: allCombinationQrels(3, 1) };
}

describe('embedding certificates', () => {
  it('computes accuracy and the minimum margin in float64 (hand-computed: 1 − cos 120° = 1.5)', () => {
    const cert = createEmbeddingCertificate({ ...handMade(), qrelsSpec: { kind: 'all-combinations', n: 3, k: 1 }, parameters: { n: 3, d: 2, k: 1 } });
    expect(cert.claim.accuracy).toBe(1);
    expect(cert.claim.minMargin).toBeCloseTo(1.5, 6);
    const check = verifyEmbeddingCertificate(JSON.parse(JSON.stringify(cert)));
    expect(check.verified).toBe(true);
    expect(check.problems).toEqual([]);
  });

  it('a saved certificate verifies; a tampered one fails', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'limit-cert-')), 'c.json');
    await saveCertificate(file, createEmbeddingCertificate({ ...handMade(), qrelsSpec: { kind: 'all-combinations', n: 3, k: 1 } }));
    expect((await verifyEmbeddings(file)).verified).toBe(true);

    // Move document 1 onto document 0: query 1 now ties/loses → accuracy < 1, claim no longer holds.
    const cert = JSON.parse(readFileSync(file, 'utf8'));
    const documents = Buffer.from(cert.documents.data, 'base64');
    documents.copy(documents, 8, 0, 8);
    cert.documents.data = documents.toString('base64');
    writeFileSync(file, JSON.stringify(cert));
    const tampered = await verifyEmbeddings(file);
    expect(tampered.verified).toBe(false);
    expect(tampered.accuracy).toBeLessThan(1);
    expect(tampered.problems.join(' ')).toContain('accuracy');

    // A claim edited upward (margin) also fails.
    const honest = createEmbeddingCertificate({ ...handMade() });
    const inflated = { ...honest, claim: { accuracy: 1, minMargin: 2 } };
    expect(verifyEmbeddingCertificate(inflated).verified).toBe(false);
    // Parameters that do not describe the embeddings fail.
    expect(verifyEmbeddingCertificate({ ...honest, parameters: { d: 3 } }).verified).toBe(false);
  });

  it('rejects malformed certificates with DataFormatError', async () => {
    const honest = createEmbeddingCertificate({ ...handMade() });
    for (const bad of [null, {}, { ...honest, version: 2 }, { ...honest, documents: { ...honest.documents, rows: 4 } }, { ...honest, qrels: { kind: 'weird' } }]) {
      expect(() => verifyEmbeddingCertificate(bad, 'x.json')).toThrow(expect.objectContaining({ name: 'DataFormatError', file: 'x.json' }) as unknown as Error);
    }
    const file = join(mkdtempSync(join(tmpdir(), 'limit-cert-')), 'broken.json');
    writeFileSync(file, '{ not json');
    const error = await verifyEmbeddings(file).catch((e: unknown) => e);
    expect(DataFormatError.isInstance(error)).toBe(true);
  });
});
