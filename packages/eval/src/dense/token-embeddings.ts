/**
 * Variable-length per-token embeddings of many texts (multi-vector, ColBERT-style), packed:
 * text i's token vectors are rows `offsets[i] … offsets[i+1]` of `data` viewed as `[totalTokens, dim]`.
 */
export interface TokenEmbeddings {
  /** Number of texts. */
  readonly count: number;
  /** Vector dimension. */
  readonly dim: number;
  /** `[count + 1]` row offsets. */
  readonly offsets: Int32Array;
  /** `[totalTokens × dim]` row-major token vectors. */
  readonly data: Float32Array;
}
