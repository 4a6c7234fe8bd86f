import { certifyEmbeddings, type EmbeddingsCertification } from '../certificates/certify-embeddings.js';
import type { QueryRefitOptions } from '../certificates/query-refit.js';
import { readCertificateFile } from './read-certificate-file.js';

/**
 * Reads a certificate file (`limit train --save`, `limit critical-n --certificates`) and certifies what its
 * documents allow (`certifyEmbeddings`): what `limit certify FILE` prints.
 *
 * @param file - a certificate file.
 * @param options - refit options (exact margins, tolerance, progress).
 * @returns the certification, with the file's claim beside it.
 * @throws DataFormatError naming the file when it is not a certificate.
 * @example
 * ```ts
 * const c = await certifyCertificateFile('d6-n22.cert.json');
 * c.diagnosis; // 'query-side' | 'document-side' | 'solved' | 'undecided'
 * ```
 */
export async function certifyCertificateFile(file: string, options: QueryRefitOptions = {}): Promise<EmbeddingsCertification & { readonly file: string; readonly parameters: Readonly<Record<string, unknown>> }> {
  const { queries, documents, qrels, parameters } = await readCertificateFile(file);
  return { file, parameters, ...(await certifyEmbeddings({ queries, documents, qrels }, options)) };
}
