import { InvalidArgumentError } from '@limit/core';
import { encodeOnnxModel } from './encode-onnx-model.js';
import type {
  EncodeOnnxModelOptions,
  OnnxAttribute,
  OnnxDataType,
  OnnxGraph,
  OnnxNode,
  OnnxTensorData,
  OnnxValueInfo,
} from './onnx-types.js';

/** Options of {@link GraphBuilder.op} / {@link GraphBuilder.opMulti}. */
export interface GraphBuilderOpOptions {
  /** Name(s) for the output value(s) instead of generated ones. */
  outputs?: string[];
  /** Node name (default: none). */
  name?: string;
  /** Operator domain (default: the ONNX domain). */
  domain?: string;
}

/**
 * Builds an {@link OnnxGraph} step by step: `op` appends a node and returns the name of its output,
 * generating unique names for intermediate values (`matmul_0`, `add_1`, …), so graphs read like
 * expressions. Validation happens in {@link encodeOnnxModel}.
 *
 * @example
 * const b = new GraphBuilder('linear');
 * const x = b.input('x', 'float32', ['batch', 2]);
 * const w = b.initializer('float32', [2, 1], new Float32Array([3, 4]));
 * b.output(b.op('MatMul', [x, w]), 'float32', ['batch', 1], 'y');
 * const bytes = b.encode(); // y = 3·x₀ + 4·x₁
 */
export class GraphBuilder {
  private readonly nodes: OnnxNode[] = [];
  private readonly inputs: OnnxValueInfo[] = [];
  private readonly outputs: OnnxValueInfo[] = [];
  private readonly initializers: OnnxTensorData[] = [];
  private readonly used = new Set<string>();
  private counter = 0;

  /** @param name - The graph name stored in the model. */
  constructor(readonly name: string) {}

  /** Declares a graph input and returns its name. */
  input(name: string, type: OnnxDataType, shape: (number | string)[]): string {
    this.claim(name, 'name');
    this.inputs.push({ name, type, shape: [...shape] });
    return name;
  }

  /**
   * Adds a constant tensor (initializer) and returns its name (generated unless `name` is given).
   * @param data - Row-major values, `product(dims)` of them, in the typed-array class of `type`.
   */
  initializer(type: OnnxDataType, dims: number[], data: OnnxTensorData['data'], name?: string): string {
    const valueName = name === undefined ? this.fresh('const') : this.claim(name, 'name');
    this.initializers.push({ name: valueName, type, dims: [...dims], data });
    return valueName;
  }

  /** Shorthand for a float32 constant: a scalar for a number, a 1-D tensor for an array. */
  constant(value: number | number[], name?: string): string {
    return Array.isArray(value)
      ? this.initializer('float32', [value.length], Float32Array.from(value), name)
      : this.initializer('float32', [], new Float32Array([value]), name);
  }

  /** Shorthand for an int64 1-D constant (shapes, axes, indices). */
  int64s(values: number[], name?: string): string {
    return this.initializer('int64', [values.length], BigInt64Array.from(values, (v) => BigInt(v)), name);
  }

  /**
   * Appends a node with one output and returns the output's name.
   * @param inputs - Value names (`''` for an omitted optional input).
   */
  op(opType: string, inputs: string[], attributes?: Record<string, OnnxAttribute>, options: GraphBuilderOpOptions = {}): string {
    return this.opMulti(opType, inputs, 1, attributes, options)[0]!;
  }

  /** Appends a node with `outputCount` outputs and returns their names. */
  opMulti(
    opType: string,
    inputs: string[],
    outputCount: number,
    attributes?: Record<string, OnnxAttribute>,
    options: GraphBuilderOpOptions = {},
  ): string[] {
    if (options.outputs !== undefined && options.outputs.length !== outputCount) {
      throw new InvalidArgumentError({
        parameter: 'options.outputs',
        value: options.outputs,
        message: `${opType} has ${outputCount} output(s) but ${options.outputs.length} name(s) were given`,
      });
    }
    const outputs = options.outputs?.map((o) => this.claim(o, 'options.outputs')) ??
      Array.from({ length: outputCount }, () => this.fresh(opType.toLowerCase()));
    const node: OnnxNode = { opType, inputs: [...inputs], outputs };
    if (options.name !== undefined) node.name = options.name;
    if (options.domain !== undefined) node.domain = options.domain;
    if (attributes !== undefined) node.attributes = attributes;
    this.nodes.push(node);
    return outputs;
  }

  /**
   * Marks `value` as a graph output. With `name` different from `value`, an `Identity` node gives
   * the output that name.
   */
  output(value: string, type: OnnxDataType, shape: (number | string)[], name?: string): string {
    const outName = name === undefined || name === value ? value : this.op('Identity', [value], undefined, { outputs: [name] });
    this.outputs.push({ name: outName, type, shape: [...shape] });
    return outName;
  }

  /** The graph built so far (a snapshot; later calls do not change it). */
  build(): OnnxGraph {
    return {
      name: this.name,
      nodes: this.nodes.map((n) => ({ ...n, inputs: [...n.inputs], outputs: [...n.outputs] })),
      inputs: this.inputs.map((v) => ({ ...v, shape: [...v.shape] })),
      outputs: this.outputs.map((v) => ({ ...v, shape: [...v.shape] })),
      initializers: [...this.initializers],
    };
  }

  /** Validates and encodes the graph: `encodeOnnxModel(this.build(), options)`. */
  encode(options?: EncodeOnnxModelOptions): Uint8Array {
    return encodeOnnxModel(this.build(), options);
  }

  private claim(name: string, parameter: string): string {
    if (typeof name !== 'string' || name.length === 0) {
      throw new InvalidArgumentError({ parameter, value: name, message: 'value names must be non-empty strings' });
    }
    if (this.used.has(name)) {
      throw new InvalidArgumentError({ parameter, value: name, message: `value name "${name}" is already used in this graph` });
    }
    this.used.add(name);
    return name;
  }

  private fresh(prefix: string): string {
    let name: string;
    do name = `${prefix}_${this.counter++}`;
    while (this.used.has(name));
    this.used.add(name);
    return name;
  }
}
