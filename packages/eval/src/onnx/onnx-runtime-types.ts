import type { OrtModule, OrtSession, OrtTensor } from '@limit/onnx';

/** @deprecated Use `OrtModule` from `@limit/onnx` (the one onnxruntime type of the limit packages). @example import type { OrtModule } from '@limit/onnx'; */
export type OrtModuleLike = OrtModule;
/** @deprecated Use `OrtSession` from `@limit/onnx`. @example import type { OrtSession } from '@limit/onnx'; */
export type OrtSessionLike = OrtSession;
/** @deprecated Use `OrtTensor` from `@limit/onnx`. @example import type { OrtTensor } from '@limit/onnx'; */
export type OrtTensorLike = OrtTensor;
