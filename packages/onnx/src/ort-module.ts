import type { InferenceSession, InferenceSessionFactory, Tensor, TensorConstructor } from 'onnxruntime-common';

/**
 * The onnxruntime module a caller hands to the limit packages: `onnxruntime-node`,
 * `onnxruntime-web` (or `onnxruntime-react-native`) — each re-exports `onnxruntime-common`'s
 * `InferenceSession` and `Tensor`, so `import * as ort from 'onnxruntime-node'` is an `OrtModule`.
 *
 * This is the one place the limit packages take onnxruntime's types from (`onnxruntime-common`,
 * types only: nothing here imports a runtime). Options that take the module are named `ort`
 * everywhere (`OnnxEncoder.create({ ort })`, `createOnnxEngine({ ort })`, …).
 *
 * @example
 * import * as ort from 'onnxruntime-node';
 * import type { OrtModule } from '@limit/onnx';
 * const runtime: OrtModule = ort;
 * const session = await runtime.InferenceSession.create(modelBytes);
 */
export interface OrtModule {
  /** `InferenceSession.create(pathOrBytes, sessionOptions?)`. */
  readonly InferenceSession: Pick<InferenceSessionFactory, 'create'>;
  /** `new Tensor(type, data, dims)`. */
  readonly Tensor: TensorConstructor;
}

/** An inference session of an {@link OrtModule} (`onnxruntime-common`'s `InferenceSession`). @example const s: OrtSession = await ort.InferenceSession.create(bytes); */
export type OrtSession = InferenceSession;

/** A tensor of an {@link OrtModule} (`onnxruntime-common`'s `Tensor`). @example const t: OrtTensor = new ort.Tensor('float32', data, [2, 3]); */
export type OrtTensor = Tensor;

/** Session options of an {@link OrtModule} (`InferenceSession.SessionOptions`, e.g. `executionProviders`, `externalData`). @example const o: OrtSessionOptions = { intraOpNumThreads: 1 }; */
export type OrtSessionOptions = InferenceSession.SessionOptions;
