import { readFile } from 'node:fs/promises';
import { DataFormatError } from '@limit/core';
import { checkEmbeddingCertificate, type CertificateCheck } from '../certificates/certificate-check.js';
import { initialEmbeddingsDigest } from './initial-embeddings-digest.js';

/**
 * Reads a certificate file and says what it proves (`checkEmbeddingCertificate`), the recorded seed checked
 * against the recorded digest of its initial embeddings: what `limit verify FILE` prints.
 *
 * @param file - a certificate written by `limit train --save`, `limit critical-n --certificates` or `saveCertificate`.
 * @returns the check: do the claims hold, are the embeddings solved, which queries fail.
 * @throws DataFormatError naming the file when it cannot be read or is not a certificate.
 * @example
 * ```ts
 * const check = await checkCertificateFile('results/certificates/d4-k2-n9-seed42.cert.json');
 * check.claims.hold && check.solved;
 * ```
 */
export async function checkCertificateFile(file: string): Promise<CertificateCheck> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new DataFormatError({ file, line: 0, message: `not a JSON certificate: ${error instanceof Error ? error.message : String(error)}`, cause: error });
  }
  return checkEmbeddingCertificate(json, file, { initialEmbeddingsDigest });
}
