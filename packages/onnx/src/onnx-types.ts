/** Element types the builder can encode (the ONNX `TensorProto.DataType` subset in use here). */
export type OnnxDataType = 'float32' | 'float16' | 'int64' | 'int32' | 'bool' | 'uint8' | 'float64';

/**
 * A constant tensor (an initializer or a `tensor` attribute). `data` is row-major with
 * `product(dims)` elements; its class must match `type`: float32 → Float32Array, float64 →
 * Float64Array, int64 → BigInt64Array, int32 → Int32Array, uint8 and bool → Uint8Array (bool: 0 / 1),
 * float16 → Uint16Array holding the IEEE 754 half-precision bit patterns (see `float32ToFloat16Bits`).
 */
export interface OnnxTensorData {
  name: string;
  type: OnnxDataType;
  dims: number[];
  data: Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array | Uint16Array;
}

/** A graph input or output: its element type and shape; a string dim is symbolic (e.g. `'batch'`). */
export interface OnnxValueInfo {
  name: string;
  type: OnnxDataType;
  shape: (number | string)[];
}

/** One node attribute, tagged by its ONNX attribute type. */
export type OnnxAttribute =
  | { int: number }
  | { ints: number[] }
  | { float: number }
  | { floats: number[] }
  | { string: string }
  | { strings: string[] }
  | { tensor: OnnxTensorData };

/** One operator application. `inputs` may contain `''` for an omitted optional input. */
export interface OnnxNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  /** Operator domain; `''` / undefined is the default ONNX domain (`ai.onnx`). */
  domain?: string;
  attributes?: Record<string, OnnxAttribute>;
}

/** A whole graph: nodes in topological order, typed inputs / outputs and constant initializers. */
export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  initializers?: OnnxTensorData[];
}

/** Options of {@link encodeOnnxModel}. */
export interface EncodeOnnxModelOptions {
  /** Default-domain opset version (default 17). */
  opsetVersion?: number;
  /** ONNX IR version (default 8, which onnxruntime ≥ 1.10 reads). */
  irVersion?: number;
  /** `producer_name` stored in the model (default `'@limit/onnx'`). */
  producerName?: string;
  /** Opset versions of non-default domains used by nodes (default 1 for each, e.g. `com.microsoft`). */
  domainVersions?: Record<string, number>;
}
