import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@limit/core';
import { onnx } from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeOnnxModel, encodeOnnxModelWithExternalData } from './encode-onnx-model.js';
import { float16BitsToFloat32, float32ToFloat16Bits } from './float16.js';
import { listExternalDataFiles } from './list-external-data-files.js';
import type { OnnxGraph } from './onnx-types.js';
import type { OrtModule } from './ort-module.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** y = x·W + b with a 64 × 32 W (8 KiB: goes external), a small b (stays inline). */
function graph(): OnnxGraph {
  const W = Float32Array.from({ length: 64 * 32 }, (_, i) => ((i * 37) % 101) / 50 - 1);
  return {
    name: 'ext',
    inputs: [{ name: 'x', type: 'float32', shape: ['batch', 64] }],
    outputs: [{ name: 'y', type: 'float32', shape: ['batch', 32] }],
    initializers: [
      { name: 'W', type: 'float32', dims: [64, 32], data: W },
      { name: 'b', type: 'float32', dims: [32], data: Float32Array.from({ length: 32 }, (_, i) => i / 8) },
    ],
    nodes: [
      { opType: 'MatMul', inputs: ['x', 'W'], outputs: ['xw'] },
      { opType: 'Add', inputs: ['xw', 'b'], outputs: ['y'] },
    ],
  };
}

describe('external data (models over 2 GB keep weights in model.onnx_data)', () => {
  it('onnxruntime loads model + weights file from the model path and computes what the inline model computes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'limit-onnx-ext-'));
    dirs.push(dir);
    const { model, data, location } = encodeOnnxModelWithExternalData(graph());
    expect(location).toBe('model.onnx_data');
    expect(data.length).toBeGreaterThanOrEqual(64 * 32 * 4);
    expect(model.length).toBeLessThan(1024); // W is not inside the model any more
    writeFileSync(join(dir, 'model.onnx'), model);
    writeFileSync(join(dir, location), data);
    const x = new ort.Tensor('float32', Float32Array.from({ length: 2 * 64 }, (_, i) => Math.sin(i)), [2, 64]);
    const external = await ort.InferenceSession.create(join(dir, 'model.onnx'));
    const inline = await ort.InferenceSession.create(encodeOnnxModel(graph()));
    const a = (await external.run({ x })).y!.data as Float32Array;
    const b = (await inline.run({ x })).y!.data as Float32Array;
    expect([...a]).toEqual([...b]);
    // the same pair also loads from bytes with the weights handed over (onnxruntime-web's way)
    expect(listExternalDataFiles(model)).toEqual(['model.onnx_data']);
    expect(listExternalDataFiles(encodeOnnxModel(graph()))).toEqual([]);
  });
  it('onnx-proto reads the external_data entries where onnx.proto puts them', () => {
    const { model, data } = encodeOnnxModelWithExternalData(graph(), { location: 'weights.bin', sizeThreshold: 16 });
    const decoded = onnx.ModelProto.decode(model);
    const [w, b] = decoded.graph!.initializer!;
    for (const t of [w!, b!]) {
      expect(t.dataLocation).toBe(onnx.TensorProto.DataLocation.EXTERNAL);
      expect(t.rawData?.length ?? 0).toBe(0);
      const entries = Object.fromEntries(t.externalData!.map((e) => [e.key, e.value]));
      expect(entries.location).toBe('weights.bin');
      const offset = Number(entries.offset);
      const length = Number(entries.length);
      expect(offset % 16).toBe(0);
      const values = new Float32Array(data.slice(offset, offset + length).buffer);
      expect([...values]).toEqual([...(graph().initializers!.find((i) => i.name === t.name)!.data as Float32Array)]);
    }
  });
  it('listExternalDataFiles reads files written by onnx-proto, constants in node attributes included', () => {
    const tensor = (name: string, location: string) =>
      onnx.TensorProto.create({ name, dims: [1], dataType: 1, dataLocation: onnx.TensorProto.DataLocation.EXTERNAL, externalData: [{ key: 'location', value: location }, { key: 'offset', value: '0' }, { key: 'length', value: '4' }] });
    const bytes = onnx.ModelProto.encode(
      onnx.ModelProto.create({
        irVersion: 8,
        graph: {
          name: 'g',
          initializer: [tensor('a', 'a.bin'), onnx.TensorProto.create({ name: 'inline', dims: [1], dataType: 1, rawData: new Uint8Array(4) }), tensor('b', 'a.bin')],
          node: [{ opType: 'Constant', output: ['c'], attribute: [{ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: tensor('c', 'c.bin') }] }],
        },
      }),
    ).finish();
    expect(listExternalDataFiles(bytes).sort()).toEqual(['a.bin', 'c.bin']);
    const e = (() => { try { listExternalDataFiles(Uint8Array.of(0x3a, 0x10, 1)); } catch (x) { return x; } })();
    expect(InvalidArgumentError.isInstance(e) && e.parameter).toBe('model');
  });
  it('float16 weights and outputs: a model cast to float16 runs, and its output decodes to the float32 values', async () => {
    const W = Float32Array.from({ length: 4 * 3 }, (_, i) => (i - 5) / 4);
    const model = encodeOnnxModel({
      name: 'half',
      inputs: [{ name: 'x', type: 'float32', shape: ['batch', 4] }],
      outputs: [{ name: 'y', type: 'float16', shape: ['batch', 3] }],
      initializers: [{ name: 'W', type: 'float16', dims: [4, 3], data: float32ToFloat16Bits(W) }],
      nodes: [
        { opType: 'Cast', inputs: ['x'], outputs: ['xh'], attributes: { to: { int: 10 } } },
        { opType: 'MatMul', inputs: ['xh', 'W'], outputs: ['y'] },
      ],
    });
    const runtime: OrtModule = ort;
    const session = await runtime.InferenceSession.create(model);
    const out = (await session.run({ x: new ort.Tensor('float32', Float32Array.of(1, 2, 0.5, -1), [1, 4]) })).y!;
    expect(out.type).toBe('float16');
    const raw = out.data as ArrayLike<number>;
    const values = raw instanceof Uint16Array ? float16BitsToFloat32(raw) : Float32Array.from(raw);
    // W rows: (−5, −4, −3)/4, (−2, −1, 0)/4, (1, 2, 3)/4, (4, 5, 6)/4 — all exact in float16
    const expected = [0, 1, 2].map((j) => (1 * (j - 5) + 2 * (j - 2) + 0.5 * (j + 1) - 1 * (j + 4)) / 4);
    expect([...values]).toEqual(expected);
  });
  it('rejects a location with a folder', () => {
    expect(() => encodeOnnxModelWithExternalData(graph(), { location: '../w.bin' })).toThrow(InvalidArgumentError);
  });
});
