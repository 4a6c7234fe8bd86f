import { certifyEmbeddings, type EmbeddingsCertification } from '../certificates/certify-embeddings.js';
import type { QueryRefitOptions } from '../certificates/query-refit.js';
import { readConfigurationFile, type Configuration } from './read-configuration-file.js';

/**
 * Reads a certificate or a documents file (`readConfigurationFile`) and certifies what its documents allow
 * (`certifyEmbeddings`): what `limit certify FILE` prints.
 *
 * @param file - a certificate or a `limit-documents` file.
 * @param options - refit options (exact margins, tolerance, progress).
 * @returns the certification, with the file's kind and recorded parameters.
 * @throws DataFormatError naming the file when it is neither.
 * @example
 * ```ts
 * const c = await certifyFile('d6-n22.cert.json');
 * c.diagnosis; // 'query-side' | 'document-side' | 'solved' | 'undecided' | 'every-set-admitted'
 * ```
 */
export async function certifyFile(
  file: string,
  options: QueryRefitOptions = {},
): Promise<EmbeddingsCertification & { readonly file: string; readonly kind: Configuration['kind']; readonly parameters: Readonly<Record<string, unknown>> }> {
  const { kind, queries, documents, qrels, parameters } = await readConfigurationFile(file);
  return { file, kind, parameters, ...(await certifyEmbeddings({ ...(queries ? { queries } : {}), documents, qrels }, options)) };
}
