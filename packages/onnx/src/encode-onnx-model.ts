import { InvalidArgumentError, ShapeMismatchError, assertInteger } from '@limit/core';
import { ProtobufWriter } from './protobuf-writer.js';
import type {
  EncodeOnnxModelOptions,
  OnnxAttribute,
  OnnxDataType,
  OnnxGraph,
  OnnxNode,
  OnnxTensorData,
  OnnxValueInfo,
} from './onnx-types.js';

// Field numbers of the onnx.proto messages written here (ONNX IR spec, onnx/onnx.proto).
const MODEL = { irVersion: 1, producerName: 2, graph: 7, opsetImport: 8 } as const;
const OPSET = { domain: 1, version: 2 } as const;
const GRAPH = { node: 1, name: 2, initializer: 5, input: 11, output: 12 } as const;
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 } as const;
const ATTR = { name: 1, f: 2, i: 3, s: 4, t: 5, floats: 7, ints: 8, strings: 9, type: 20 } as const;
const ATTR_TYPE = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7, strings: 8 } as const;
const TENSOR = { dims: 1, dataType: 2, name: 8, rawData: 9, externalData: 13, dataLocation: 14 } as const;
const ENTRY = { key: 1, value: 2 } as const;
/** `TensorProto.DataLocation.EXTERNAL`. */
const EXTERNAL = 1;
const VALUE_INFO = { name: 1, type: 2 } as const;
const TYPE = { tensorType: 1 } as const;
const TENSOR_TYPE = { elemType: 1, shape: 2 } as const;
const SHAPE = { dim: 1 } as const;
const DIM = { value: 1, param: 2 } as const;

/** `TensorProto.DataType` codes and the typed-array class each type is stored in. */
const DATA_TYPES: Record<OnnxDataType, { code: number; array: string }> = {
  float32: { code: 1, array: 'Float32Array' },
  uint8: { code: 2, array: 'Uint8Array' },
  int32: { code: 6, array: 'Int32Array' },
  int64: { code: 7, array: 'BigInt64Array' },
  bool: { code: 9, array: 'Uint8Array' },
  float16: { code: 10, array: 'Uint16Array' },
  float64: { code: 11, array: 'Float64Array' },
};

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Encodes an ONNX graph as a serialised `ModelProto` (the bytes of a `.onnx` file), with no
 * dependency on a protobuf library. Tensors are stored as little-endian `raw_data`; attributes are
 * written in name order, so equal graphs give byte-identical models.
 *
 * The graph is validated first: element types, tensor dims against data length and class, unique
 * value names (graph inputs, initializers and node outputs together), nodes in topological order
 * (every node input is a graph input, an initializer or an earlier node's output; `''` marks an
 * omitted optional input) and graph outputs that are defined.
 *
 * @param graph - The graph; `nodes` must be in topological order.
 * @param options - `opsetVersion` (default 17), `irVersion` (default 8), `producerName`, and
 *   `domainVersions` for nodes of other domains (default version 1).
 * @returns The model bytes, ready for `InferenceSession.create(bytes)` or writing to `model.onnx`.
 * @throws InvalidArgumentError naming the offending field (e.g. `graph.nodes[2].inputs[0]`) for an
 *   unknown type, a duplicate or undefined name, a bad attribute or option.
 * @throws ShapeMismatchError when a tensor's data length differs from the product of its dims.
 * @example
 * const bytes = encodeOnnxModel({
 *   name: 'add-one',
 *   inputs: [{ name: 'x', type: 'float32', shape: ['batch', 3] }],
 *   outputs: [{ name: 'y', type: 'float32', shape: ['batch', 3] }],
 *   initializers: [{ name: 'one', type: 'float32', dims: [], data: new Float32Array([1]) }],
 *   nodes: [{ opType: 'Add', inputs: ['x', 'one'], outputs: ['y'] }],
 * });
 * const session = await ort.InferenceSession.create(bytes);
 */
export function encodeOnnxModel(graph: OnnxGraph, options: EncodeOnnxModelOptions = {}): Uint8Array {
  return encodeModel(graph, options, undefined);
}

/** Options of {@link encodeOnnxModelWithExternalData}. */
export interface ExternalDataOptions extends EncodeOnnxModelOptions {
  /** File name of the weights, relative to the model file (default `'model.onnx_data'`, as transformers.js and optimum name it). */
  location?: string;
  /** Initializers of at least this many bytes go to the external file (default 1024); smaller ones stay inline. */
  sizeThreshold?: number;
}

/**
 * Encodes an ONNX graph with its large initializers stored in a separate weights file — ONNX's
 * "external data" layout, used for models over protobuf's 2 GB limit: each such initializer
 * keeps its name, type and dims in the model, with `data_location = EXTERNAL` and
 * `external_data` entries `location`, `offset` and `length` pointing into the weights file.
 * Write `model` as e.g. `model.onnx` and `data` as `location` in the same folder; onnxruntime
 * loads the pair from the model's path.
 *
 * @param graph - The graph (as for {@link encodeOnnxModel}).
 * @param options - {@link ExternalDataOptions}: `location`, `sizeThreshold`, and the options of {@link encodeOnnxModel}.
 * @returns `{ model, data, location }`: the model bytes, the weights file's bytes and its name.
 * @throws InvalidArgumentError for a bad graph or option (e.g. a location with a path separator).
 * @throws ShapeMismatchError as {@link encodeOnnxModel}.
 * @example
 * const { model, data, location } = encodeOnnxModelWithExternalData(graph, { location: 'model.onnx_data' });
 * writeFileSync('dir/model.onnx', model); writeFileSync(`dir/${location}`, data);
 * const session = await ort.InferenceSession.create('dir/model.onnx');
 */
export function encodeOnnxModelWithExternalData(graph: OnnxGraph, options: ExternalDataOptions = {}): { model: Uint8Array; data: Uint8Array; location: string } {
  const location = options.location ?? 'model.onnx_data';
  if (typeof location !== 'string' || location === '' || /[\\/]/.test(location) || location === '.' || location === '..') {
    throw new InvalidArgumentError({ parameter: 'options.location', value: location, message: 'location must be a plain file name (no folder), e.g. "model.onnx_data"' });
  }
  const sizeThreshold = assertInteger('options.sizeThreshold', options.sizeThreshold ?? 1024, { min: 0 });
  const { location: _l, sizeThreshold: _t, ...modelOptions } = options;
  const external: ExternalWeights = { location, sizeThreshold, chunks: [], size: 0 };
  const model = encodeModel(graph, modelOptions, external);
  const data = new Uint8Array(external.size);
  let offset = 0;
  for (const chunk of external.chunks) {
    data.set(chunk, offset);
    offset += chunk.length;
  }
  return { model, data, location };
}

/** Where {@link writeTensor} puts large initializers in external-data mode. */
interface ExternalWeights {
  location: string;
  sizeThreshold: number;
  chunks: Uint8Array[];
  size: number;
}

function encodeModel(graph: OnnxGraph, options: EncodeOnnxModelOptions, external: ExternalWeights | undefined): Uint8Array {
  const opsetVersion = assertInteger('options.opsetVersion', options.opsetVersion ?? 17, { min: 1 });
  const irVersion = assertInteger('options.irVersion', options.irVersion ?? 8, { min: 3 });
  const producerName = options.producerName ?? '@limit/onnx';
  if (typeof producerName !== 'string') {
    throw new InvalidArgumentError({ parameter: 'options.producerName', value: producerName, message: 'producerName must be a string' });
  }
  validateGraph(graph);

  const domains = new Set<string>();
  for (const node of graph.nodes) if (node.domain) domains.add(node.domain);
  for (const [domain, version] of Object.entries(options.domainVersions ?? {})) {
    assertInteger(`options.domainVersions.${domain}`, version, { min: 1 });
  }

  const model = new ProtobufWriter();
  model.int(MODEL.irVersion, irVersion);
  model.string(MODEL.producerName, producerName);
  model.message(MODEL.graph, writeGraph(graph, external));
  model.message(MODEL.opsetImport, new ProtobufWriter().string(OPSET.domain, '').int(OPSET.version, opsetVersion));
  for (const domain of [...domains].sort()) {
    const version = options.domainVersions?.[domain] ?? 1;
    model.message(MODEL.opsetImport, new ProtobufWriter().string(OPSET.domain, domain).int(OPSET.version, version));
  }
  return model.finish();
}

function writeGraph(graph: OnnxGraph, external: ExternalWeights | undefined): ProtobufWriter {
  const w = new ProtobufWriter();
  for (const node of graph.nodes) w.message(GRAPH.node, writeNode(node));
  w.string(GRAPH.name, graph.name);
  for (const t of graph.initializers ?? []) w.message(GRAPH.initializer, writeTensor(t, external));
  for (const v of graph.inputs) w.message(GRAPH.input, writeValueInfo(v));
  for (const v of graph.outputs) w.message(GRAPH.output, writeValueInfo(v));
  return w;
}

function writeNode(node: OnnxNode): ProtobufWriter {
  const w = new ProtobufWriter();
  for (const i of node.inputs) w.string(NODE.input, i);
  for (const o of node.outputs) w.string(NODE.output, o);
  if (node.name !== undefined) w.string(NODE.name, node.name);
  w.string(NODE.opType, node.opType);
  const attributes = node.attributes ?? {};
  for (const name of Object.keys(attributes).sort()) {
    w.message(NODE.attribute, writeAttribute(name, attributes[name]!));
  }
  if (node.domain) w.string(NODE.domain, node.domain);
  return w;
}

function writeAttribute(name: string, attribute: OnnxAttribute): ProtobufWriter {
  const w = new ProtobufWriter();
  w.string(ATTR.name, name);
  // proto2 repeated scalars are unpacked by default; write them that way.
  if ('int' in attribute) {
    w.int(ATTR.i, attribute.int).int(ATTR.type, ATTR_TYPE.int);
  } else if ('ints' in attribute) {
    for (const v of attribute.ints) w.int(ATTR.ints, v);
    w.int(ATTR.type, ATTR_TYPE.ints);
  } else if ('float' in attribute) {
    w.float(ATTR.f, attribute.float).int(ATTR.type, ATTR_TYPE.float);
  } else if ('floats' in attribute) {
    for (const v of attribute.floats) w.float(ATTR.floats, v);
    w.int(ATTR.type, ATTR_TYPE.floats);
  } else if ('string' in attribute) {
    w.string(ATTR.s, attribute.string).int(ATTR.type, ATTR_TYPE.string);
  } else if ('strings' in attribute) {
    for (const v of attribute.strings) w.string(ATTR.strings, v);
    w.int(ATTR.type, ATTR_TYPE.strings);
  } else {
    w.message(ATTR.t, writeTensor(attribute.tensor)).int(ATTR.type, ATTR_TYPE.tensor);
  }
  return w;
}

function writeTensor(t: OnnxTensorData, external?: ExternalWeights): ProtobufWriter {
  const w = new ProtobufWriter();
  for (const d of t.dims) w.int(TENSOR.dims, d);
  w.int(TENSOR.dataType, DATA_TYPES[t.type].code);
  if (t.name) w.string(TENSOR.name, t.name);
  const bytes = littleEndianBytes(t.data);
  if (external !== undefined && bytes.length > 0 && bytes.length >= external.sizeThreshold) {
    // 16-byte aligned offsets: any element type can be read in place
    const pad = (16 - (external.size % 16)) % 16;
    if (pad > 0) external.chunks.push(new Uint8Array(pad));
    const offset = external.size + pad;
    external.chunks.push(bytes);
    external.size = offset + bytes.length;
    const entry = (key: string, value: string) => new ProtobufWriter().string(ENTRY.key, key).string(ENTRY.value, value);
    w.message(TENSOR.externalData, entry('location', external.location));
    w.message(TENSOR.externalData, entry('offset', String(offset)));
    w.message(TENSOR.externalData, entry('length', String(bytes.length)));
    w.int(TENSOR.dataLocation, EXTERNAL);
    return w;
  }
  w.bytes(TENSOR.rawData, bytes);
  return w;
}

function writeValueInfo(v: OnnxValueInfo): ProtobufWriter {
  const shape = new ProtobufWriter();
  for (const d of v.shape) {
    const dim = new ProtobufWriter();
    if (typeof d === 'number') dim.int(DIM.value, d);
    else dim.string(DIM.param, d);
    shape.message(SHAPE.dim, dim);
  }
  const tensorType = new ProtobufWriter().int(TENSOR_TYPE.elemType, DATA_TYPES[v.type].code).message(TENSOR_TYPE.shape, shape);
  const type = new ProtobufWriter().message(TYPE.tensorType, tensorType);
  return new ProtobufWriter().string(VALUE_INFO.name, v.name).message(VALUE_INFO.type, type);
}

function littleEndianBytes(data: OnnxTensorData['data']): Uint8Array {
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (LITTLE_ENDIAN || data.BYTES_PER_ELEMENT === 1) return view;
  const out = new Uint8Array(view.length);
  const size = data.BYTES_PER_ELEMENT;
  for (let i = 0; i < view.length; i += size) {
    for (let b = 0; b < size; b++) out[i + b] = view[i + size - 1 - b]!;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Validation

function fail(parameter: string, value: unknown, message: string): never {
  throw new InvalidArgumentError({ parameter, value, message });
}

function checkName(parameter: string, name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) fail(parameter, name, `${parameter} must be a non-empty string`);
  return name;
}

function checkType(parameter: string, type: unknown): OnnxDataType {
  if (typeof type !== 'string' || !Object.hasOwn(DATA_TYPES, type)) {
    fail(parameter, type, `unknown element type ${JSON.stringify(type)}; expected one of ${Object.keys(DATA_TYPES).join(', ')}`);
  }
  return type as OnnxDataType;
}

function checkTensor(parameter: string, t: OnnxTensorData, needsName: boolean): void {
  if (needsName) checkName(`${parameter}.name`, t.name);
  const type = checkType(`${parameter}.type`, t.type);
  if (!Array.isArray(t.dims)) fail(`${parameter}.dims`, t.dims, 'dims must be an array of non-negative integers');
  let count = 1;
  t.dims.forEach((d, i) => {
    assertInteger(`${parameter}.dims[${i}]`, d, { min: 0 });
    count *= d;
  });
  const expectedClass = DATA_TYPES[type].array;
  const actualClass = (t.data as { constructor?: { name?: string } } | undefined)?.constructor?.name;
  if (actualClass !== expectedClass) {
    fail(`${parameter}.data`, actualClass, `a ${type} tensor needs a ${expectedClass}, got ${actualClass ?? typeof t.data}`);
  }
  if (t.data.length !== count) {
    throw new ShapeMismatchError({
      parameter: `${parameter}.data`,
      expected: [count],
      actual: [t.data.length],
      message: `dims [${t.dims.join(', ')}] need ${count} elements`,
    });
  }
  if (type === 'bool') {
    const bytes = t.data as Uint8Array;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i]! > 1) fail(`${parameter}.data`, bytes[i], `bool tensor values must be 0 or 1 (index ${i} is ${bytes[i]})`);
    }
  }
}

function checkValueInfo(parameter: string, v: OnnxValueInfo): void {
  checkName(`${parameter}.name`, v.name);
  checkType(`${parameter}.type`, v.type);
  if (!Array.isArray(v.shape)) fail(`${parameter}.shape`, v.shape, 'shape must be an array');
  v.shape.forEach((d, i) => {
    if (typeof d === 'string') checkName(`${parameter}.shape[${i}]`, d);
    else assertInteger(`${parameter}.shape[${i}]`, d, { min: 0 });
  });
}

function checkAttribute(parameter: string, a: OnnxAttribute): void {
  const keys = typeof a === 'object' && a !== null ? Object.keys(a) : [];
  if (keys.length !== 1) fail(parameter, a, 'an attribute is an object with exactly one of int, ints, float, floats, string, strings, tensor');
  const isNum = (v: unknown) => typeof v === 'number' && !Number.isNaN(v);
  const checkList = (list: unknown, each: (v: unknown, i: number) => void) => {
    if (!Array.isArray(list)) fail(parameter, list, 'expected an array');
    list.forEach(each);
  };
  if ('int' in a) assertInteger(`${parameter}.int`, a.int);
  else if ('ints' in a) checkList(a.ints, (v, i) => assertInteger(`${parameter}.ints[${i}]`, v));
  else if ('float' in a) {
    if (!isNum(a.float)) fail(`${parameter}.float`, a.float, 'float must be a number');
  } else if ('floats' in a) {
    checkList(a.floats, (v, i) => {
      if (!isNum(v)) fail(`${parameter}.floats[${i}]`, v, 'floats must be numbers');
    });
  } else if ('string' in a) {
    if (typeof a.string !== 'string') fail(`${parameter}.string`, a.string, 'string must be a string');
  } else if ('strings' in a) {
    checkList(a.strings, (v, i) => {
      if (typeof v !== 'string') fail(`${parameter}.strings[${i}]`, v, 'strings must be strings');
    });
  } else if ('tensor' in a) checkTensor(`${parameter}.tensor`, a.tensor, false);
  else fail(parameter, a, `unknown attribute kind ${JSON.stringify(keys[0])}`);
}

function validateGraph(graph: OnnxGraph): void {
  if (typeof graph !== 'object' || graph === null) fail('graph', graph, 'graph must be an object');
  if (typeof graph.name !== 'string') fail('graph.name', graph.name, 'graph.name must be a string');
  for (const key of ['nodes', 'inputs', 'outputs'] as const) {
    if (!Array.isArray(graph[key])) fail(`graph.${key}`, graph[key], `graph.${key} must be an array`);
  }
  if (graph.initializers !== undefined && !Array.isArray(graph.initializers)) {
    fail('graph.initializers', graph.initializers, 'graph.initializers must be an array');
  }
  // Every value is defined exactly once: SSA over inputs, initializers and node outputs.
  const defined = new Map<string, string>();
  const define = (parameter: string, name: string) => {
    const previous = defined.get(name);
    if (previous !== undefined) fail(parameter, name, `duplicate value name "${name}" (already defined by ${previous})`);
    defined.set(name, parameter);
  };
  graph.inputs.forEach((v, i) => {
    checkValueInfo(`graph.inputs[${i}]`, v);
    define(`graph.inputs[${i}]`, v.name);
  });
  (graph.initializers ?? []).forEach((t, i) => {
    checkTensor(`graph.initializers[${i}]`, t, true);
    define(`graph.initializers[${i}]`, t.name);
  });
  const nodeNames = new Set<string>();
  graph.nodes.forEach((node, n) => {
    const p = `graph.nodes[${n}]`;
    checkName(`${p}.opType`, node.opType);
    if (node.name !== undefined) {
      checkName(`${p}.name`, node.name);
      if (nodeNames.has(node.name)) fail(`${p}.name`, node.name, `duplicate node name "${node.name}"`);
      nodeNames.add(node.name);
    }
    if (node.domain !== undefined && typeof node.domain !== 'string') fail(`${p}.domain`, node.domain, 'domain must be a string');
    if (!Array.isArray(node.inputs)) fail(`${p}.inputs`, node.inputs, 'inputs must be an array of value names');
    if (!Array.isArray(node.outputs) || node.outputs.length === 0) {
      fail(`${p}.outputs`, node.outputs, 'outputs must be a non-empty array of value names');
    }
    node.inputs.forEach((input, i) => {
      if (input === '') return; // omitted optional input
      checkName(`${p}.inputs[${i}]`, input);
      if (!defined.has(input)) {
        fail(
          `${p}.inputs[${i}]`,
          input,
          `"${input}" (input of ${node.opType}) is neither a graph input, an initializer nor the output of an earlier node`,
        );
      }
    });
    for (const [name, attribute] of Object.entries(node.attributes ?? {})) {
      checkAttribute(`${p}.attributes.${name}`, attribute);
    }
    node.outputs.forEach((output, i) => {
      if (output === '') return; // omitted optional output
      checkName(`${p}.outputs[${i}]`, output);
      define(`${p}.outputs[${i}]`, output);
    });
  });
  const outputNames = new Set<string>();
  graph.outputs.forEach((v, i) => {
    checkValueInfo(`graph.outputs[${i}]`, v);
    if (!defined.has(v.name)) fail(`graph.outputs[${i}].name`, v.name, `graph output "${v.name}" is never defined`);
    if (outputNames.has(v.name)) fail(`graph.outputs[${i}].name`, v.name, `duplicate graph output "${v.name}"`);
    outputNames.add(v.name);
  });
}
