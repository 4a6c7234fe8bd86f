import * as ort from 'onnxruntime-node';
import { GraphBuilder } from '@limit/onnx';
const [B, n, d] = [6990, 300, 16];
async function make(kind: string) {
  const b = new GraphBuilder('g');
  const P = b.input('P', 'float32', [B, n]);
  const X = b.input('X', 'float32', [B, d]);
  let y: string;
  if (kind === 'transA') y = b.op('Gemm', [P, X], { transA: { int: 1 } });
  else if (kind === 'xtp') y = b.op('Transpose', [b.op('MatMul', [b.op('Transpose', [X], { perm: { ints: [1, 0] } }), P])], { perm: { ints: [1, 0] } });
  else if (kind === 'pd') y = b.op('MatMul', [P, b.input('D', 'float32', [n, d])]);
  else y = b.op('Gemm', [X, b.input('D2', 'float32', [n, d])], { transB: { int: 1 } });
  b.output(y, 'float32', kind === 'pd' ? [B, d] : kind === 'z' ? [B, n] : [n, d]);
  return ort.InferenceSession.create(b.encode(), { intraOpNumThreads: Number(process.env.THREADS ?? 1) });
}
const r = (k: number) => Float32Array.from({ length: k }, (_, i) => Math.sin(i));
const feeds: any = { P: new ort.Tensor('float32', r(B * n), [B, n]), X: new ort.Tensor('float32', r(B * d), [B, d]), D: new ort.Tensor('float32', r(n * d), [n, d]), D2: new ort.Tensor('float32', r(n * d), [n, d]) };
for (const kind of ['transA', 'xtp', 'pd', 'z', 'transA', 'xtp', 'pd', 'z']) {
  const s = await make(kind);
  const names = s.inputNames;
  const f = Object.fromEntries(names.map((k) => [k, feeds[k]]));
  await s.run(f);
  const t0 = performance.now();
  for (let i = 0; i < 20; i++) await s.run(f);
  console.log(kind, ((performance.now() - t0) / 20).toFixed(2), 'ms');
}
