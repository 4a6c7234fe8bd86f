import { InvalidArgumentError } from '@limit/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { encodeOnnxModel } from './encode-onnx-model.js';
import { GraphBuilder } from './graph-builder.js';

describe('GraphBuilder', () => {
  it('builds an expression graph with generated names that onnxruntime runs', async () => {
    // Mean-pooled token embeddings, L2-normalised: the shape of a tiny sentence encoder.
    const b = new GraphBuilder('mean-pool');
    const ids = b.input('input_ids', 'int64', ['batch', 'tokens']);
    const table = b.initializer('float32', [3, 2], new Float32Array([3, 0, 0, 4, 1, 1]));
    const tokens = b.op('Gather', [table, ids]);
    const mean = b.op('ReduceMean', [tokens], { axes: { ints: [1] }, keepdims: { int: 0 } });
    const norm = b.op('Sqrt', [b.op('ReduceSum', [b.op('Mul', [mean, mean]), b.int64s([1])], { keepdims: { int: 1 } })]);
    b.output(b.op('Div', [mean, norm]), 'float32', ['batch', 2], 'embedding');
    const graph = b.build();
    expect(new Set(graph.nodes.flatMap((n) => n.outputs)).size).toBe(graph.nodes.length);
    const session = await ort.InferenceSession.create(b.encode({ opsetVersion: 13 }));
    const out = await session.run({ input_ids: new ort.Tensor('int64', new BigInt64Array([0n, 1n, 2n, 2n]), [2, 2]) });
    await session.release();
    // Row 0: mean([3, 0], [0, 4]) = [1.5, 2] → /2.5 = [0.6, 0.8]. Row 1: [1, 1] → [1/√2, 1/√2].
    const e = out.embedding!.data as Float32Array;
    [0.6, 0.8, Math.SQRT1_2, Math.SQRT1_2].forEach((v, i) => expect(e[i]).toBeCloseTo(v, 6));
  });

  it('gives multi-output ops their names and encodes like the plain graph', async () => {
    const b = new GraphBuilder('topk');
    const x = b.input('x', 'float32', [4]);
    const [values, indices] = b.opMulti('TopK', [x, b.int64s([2], 'k')], 2, { largest: { int: 1 } }, { outputs: ['v', 'i'] });
    expect([values, indices]).toEqual(['v', 'i']);
    b.output(values!, 'float32', [2]);
    b.output(indices!, 'int64', [2]);
    const bytes = b.encode();
    expect(Buffer.from(bytes).equals(Buffer.from(encodeOnnxModel(b.build())))).toBe(true);
    const session = await ort.InferenceSession.create(bytes);
    const out = await session.run({ x: new ort.Tensor('float32', new Float32Array([0.5, 3, -1, 2]), [4]) });
    await session.release();
    expect([...(out.v!.data as Float32Array)]).toEqual([3, 2]);
    expect([...(out.i!.data as BigInt64Array)]).toEqual([1n, 3n]);
  });

  it('rejects reused names', () => {
    const b = new GraphBuilder('g');
    b.input('x', 'float32', [1]);
    expect(() => b.input('x', 'float32', [1])).toThrow(InvalidArgumentError);
    expect(() => b.op('Relu', ['x'], undefined, { outputs: ['x'] })).toThrow(/already used/);
    expect(() => b.opMulti('TopK', ['x'], 2, undefined, { outputs: ['a'] })).toThrow(/options\.outputs/);
  });

  it('never generates a name a user already took', () => {
    const b = new GraphBuilder('g');
    const x = b.input('relu_0', 'float32', [1]);
    const y = b.op('Relu', [x]);
    expect(y).not.toBe('relu_0');
    b.output(y, 'float32', [1]);
    expect(() => b.encode()).not.toThrow();
  });
});
