import { readFile } from 'node:fs/promises';
import { DataFormatError } from '@limit/core';
import { decodeEmbeddingCertificate, type DecodedEmbeddingCertificate } from '../certificates/embedding-certificate.js';

/**
 * Reads and decodes a certificate file (embeddings, qrels, claim, parameters), checking its shape only.
 *
 * @param file - a certificate file.
 * @returns the decoded certificate.
 * @throws DataFormatError naming the file when it cannot be read or is not a certificate.
 * @example
 * ```ts
 * const { documents, qrels } = await readCertificateFile('run.cert.json');
 * ```
 */
export async function readCertificateFile(file: string): Promise<DecodedEmbeddingCertificate> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new DataFormatError({ file, line: 0, message: `not a JSON certificate: ${error instanceof Error ? error.message : String(error)}`, cause: error });
  }
  return decodeEmbeddingCertificate(json, file);
}
