/**
 * Builds tiny sentence-transformers-style model folders for tests (in a folder the caller names):
 * model files (plain, external-data, float16-output, other dtypes), the BERT-style tokenizer of
 * test/fixtures/tiny-model, and whichever of modules.json, 1_Pooling/config.json,
 * config_sentence_transformers.json and sentence_bert_config.json the test asks for.
 *
 * Each model computes, per token t of a text (ids x, attention mask m):
 *   h_t = tanh( E[x_t]·W + (Σ_{s ≤ t} m_s·E[x_s])·V ) · m_t        (output last_hidden_state)
 * so a token's vector depends on the text before it (last-token and weighted pooling differ from
 * mean pooling). Weights come from createRng(seed); `buildSentenceModel` returns them so a test can
 * compute reference embeddings independently (scripts/sentence-model-reference.py, numpy).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '@limit/core';
import { encodeOnnxModel, encodeOnnxModelWithExternalData } from '@limit/onnx';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, '..', 'test', 'fixtures', 'tiny-model');
export const DIM = 8;

function weightsFor(seed, vocabSize) {
  const rng = createRng(seed);
  const E = new Float32Array(vocabSize * DIM);
  rng.fillNormal(E);
  const W = new Float32Array(DIM * DIM);
  rng.fillNormal(W);
  const V = new Float32Array(DIM * DIM);
  rng.fillNormal(V);
  for (let i = 0; i < W.length; i++) {
    W[i] /= Math.sqrt(DIM);
    V[i] /= 2 * DIM;
  }
  return { E, W, V };
}

function graph({ E, W, V }, vocabSize, fp16Output) {
  return {
    name: 'tiny-sentence-model',
    inputs: [
      { name: 'input_ids', type: 'int64', shape: ['batch', 'sequence'] },
      { name: 'attention_mask', type: 'int64', shape: ['batch', 'sequence'] },
      { name: 'token_type_ids', type: 'int64', shape: ['batch', 'sequence'] },
    ],
    outputs: [{ name: 'last_hidden_state', type: fp16Output ? 'float16' : 'float32', shape: ['batch', 'sequence', DIM] }],
    initializers: [
      { name: 'E', type: 'float32', dims: [vocabSize, DIM], data: E },
      { name: 'W', type: 'float32', dims: [DIM, DIM], data: W },
      { name: 'V', type: 'float32', dims: [DIM, DIM], data: V },
      { name: 'last_axis', type: 'int64', dims: [1], data: BigInt64Array.of(-1n) },
      { name: 'seq_axis', type: 'int64', dims: [], data: BigInt64Array.of(1n) },
    ],
    nodes: [
      { opType: 'Gather', inputs: ['E', 'input_ids'], outputs: ['emb'], attributes: { axis: { int: 0 } } },
      { opType: 'Cast', inputs: ['attention_mask'], outputs: ['maskf'], attributes: { to: { int: 1 } } },
      { opType: 'Unsqueeze', inputs: ['maskf', 'last_axis'], outputs: ['mask3'] },
      { opType: 'Mul', inputs: ['emb', 'mask3'], outputs: ['emb_masked'] },
      { opType: 'CumSum', inputs: ['emb_masked', 'seq_axis'], outputs: ['ctx'] },
      { opType: 'MatMul', inputs: ['emb', 'W'], outputs: ['a'] },
      { opType: 'MatMul', inputs: ['ctx', 'V'], outputs: ['b'] },
      { opType: 'Add', inputs: ['a', 'b'], outputs: ['pre'] },
      { opType: 'Tanh', inputs: ['pre'], outputs: ['act'] },
      { opType: 'Mul', inputs: ['act', 'mask3'], outputs: [fp16Output ? 'hidden32' : 'last_hidden_state'] },
      ...(fp16Output ? [{ opType: 'Cast', inputs: ['hidden32'], outputs: ['last_hidden_state'], attributes: { to: { int: 10 } } }] : []),
    ],
  };
}

/**
 * @param {string} dir folder to fill (created)
 * @param {{ models?: Record<string, { seed: number, fp16Output?: boolean, external?: boolean }>, modules?: object[] | null,
 *   pooling?: object | null, stConfig?: object | null, sbertConfig?: object | null, tokenizerConfig?: object }} options
 * @returns {{ vocabSize: number, dim: number, weights: Record<string, { E: number[], W: number[], V: number[] }> }}
 */
export function buildSentenceModel(dir, options = {}) {
  mkdirSync(dir, { recursive: true });
  const tokenizer = JSON.parse(readFileSync(join(fixture, 'tokenizer.json'), 'utf8'));
  const vocabSize = Object.keys(tokenizer.model.vocab).length;
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify(options.tokenizerConfig ?? JSON.parse(readFileSync(join(fixture, 'tokenizer_config.json'), 'utf8'))));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ model_type: 'bert', hidden_size: DIM, vocab_size: vocabSize, max_position_embeddings: 64 }));
  const models = options.models ?? { 'model.onnx': { seed: 1 } };
  const weights = {};
  for (const [file, spec] of Object.entries(models)) {
    const w = weightsFor(spec.seed, vocabSize);
    const path = join(dir, file);
    mkdirSync(dirname(path), { recursive: true });
    const g = graph(w, vocabSize, spec.fp16Output === true);
    if (spec.external) {
      const { model, data, location } = encodeOnnxModelWithExternalData(g, { location: `${file.split('/').pop()}_data` });
      writeFileSync(path, model);
      writeFileSync(join(dirname(path), location), data);
    } else writeFileSync(path, encodeOnnxModel(g));
    weights[file] = { E: Array.from(w.E), W: Array.from(w.W), V: Array.from(w.V) };
  }
  const json = (name, value) => {
    if (value === undefined || value === null) return;
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), JSON.stringify(value, null, 2));
  };
  json('modules.json', options.modules);
  json('1_Pooling/config.json', options.pooling);
  json('config_sentence_transformers.json', options.stConfig);
  json('sentence_bert_config.json', options.sbertConfig);
  return { vocabSize, dim: DIM, weights };
}
