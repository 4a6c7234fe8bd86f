/**
 * The slice of the onnxruntime API (`onnxruntime-node` and `onnxruntime-web` share it) that the
 * encoder uses, declared structurally so this module imports neither runtime.
 */
export interface OrtTensorLike {
  readonly dims: readonly number[];
  readonly data: unknown;
  readonly type: string;
  dispose?(): void;
}

/** An inference session as returned by `InferenceSession.create`. */
export interface OrtSessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensorLike>): Promise<Record<string, OrtTensorLike>>;
  release?(): Promise<void>;
}

/** The module object of `onnxruntime-node` or `onnxruntime-web`. */
export interface OrtModuleLike {
  InferenceSession: { create(model: Uint8Array, options?: Record<string, unknown>): Promise<OrtSessionLike> };
  Tensor: new (type: string, data: Float32Array | BigInt64Array, dims: readonly number[]) => OrtTensorLike;
}
