import { readFile } from 'node:fs/promises';
import { DataFormatError } from '@limit/core';
import { writeFileAtomic } from '@limit/core/node';
import { verifyEmbeddingCertificate, type CertificateVerification, type EmbeddingCertificate } from '../certificates/embedding-certificate.js';

/**
 * Writes a certificate as JSON, atomically.
 *
 * @param file - destination path.
 * @param certificate - from `createEmbeddingCertificate`.
 * @example
 * ```ts
 * await saveCertificate('results/d4-n10.cert.json', createEmbeddingCertificate({ ... }));
 * ```
 */
export async function saveCertificate(file: string, certificate: EmbeddingCertificate): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(certificate)}\n`);
}

/**
 * Reads a saved certificate file and re-checks it in float64 (accuracy and minimum margin recomputed from
 * the embeddings and the regenerated qrels), so anyone can check a claimed critical n.
 *
 * @param file - path of a certificate written by {@link saveCertificate} (or `limit train --save`).
 * @returns the verification; `verified` is false when the numbers do not match the claim.
 * @throws DataFormatError when the file cannot be read or is not a certificate.
 * @example
 * ```ts
 * const check = await verifyEmbeddings('results/d4-n10.cert.json');
 * check.verified && check.accuracy === 1; // the claim holds
 * ```
 */
export async function verifyEmbeddings(file: string): Promise<CertificateVerification> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new DataFormatError({ file, line: 0, message: `cannot read the certificate (${(error as Error).message})`, cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DataFormatError({ file, line: 0, message: `not valid JSON (${(error as Error).message})`, cause: error });
  }
  return verifyEmbeddingCertificate(parsed, file);
}
