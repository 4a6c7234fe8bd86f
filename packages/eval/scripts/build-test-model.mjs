#!/usr/bin/env node
/**
 * Builds the small, real Hugging Face-style model folders used by @limit/eval's tests:
 *
 *   test/fixtures/tiny-model/        model.onnx, tokenizer.json, tokenizer_config.json, config.json
 *   test/fixtures/tiny-model-2d/     same tokenizer, but the model outputs [batch, dim] (bad shape)
 *
 * tokenizer.json is a BERT-style WordPiece tokenizer (BertNormalizer lowercase, BertPreTokenizer,
 * WordPiece over a small vocabulary with ## continuation pieces, BertProcessing [CLS] … [SEP]).
 * model.onnx computes last_hidden_state[b, s, :] = tanh(E[input_ids[b, s]] · W) · attention_mask[b, s]
 * (Gather → MatMul → Tanh → Mul), the output name and layout of a standard HF export, so the
 * same loading path as a downloaded model is exercised. Weights come from createRng(seed).
 *
 * Run after building @limit/core and @limit/onnx:  node scripts/build-test-model.mjs
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '@limit/core';
import { encodeOnnxModel } from '@limit/onnx';

const here = dirname(fileURLToPath(import.meta.url));
const DIM = 16;
const special = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'];
const words = (
  'who likes apple apples pear pears quokka quokkas river otter otters joshua tree trees and the a ' +
  'geneva durben omar lena ann bob cid plum plums boat boats red blue green cat cats dog dogs , . ?'
).split(' ');
const pieces = ['##s', '##es', '##ing', '##er', '##a', '##e', '##o', '##n', '##r', '##t', '##l', '##i'];
const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');
const vocabList = [...special, ...words, ...pieces, ...letters, ...letters.map((l) => `##${l}`)];
const vocab = {};
for (const token of vocabList) if (!(token in vocab)) vocab[token] = Object.keys(vocab).length;
const V = Object.keys(vocab).length;

const tokenizer = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: special.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
  normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
  pre_tokenizer: { type: 'BertPreTokenizer' },
  post_processor: { type: 'BertProcessing', sep: ['[SEP]', 3], cls: ['[CLS]', 2] },
  decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
  model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
};
const tokenizerConfig = {
  model_max_length: 32,
  do_lower_case: true,
  cls_token: '[CLS]',
  sep_token: '[SEP]',
  pad_token: '[PAD]',
  unk_token: '[UNK]',
  tokenizer_class: 'BertTokenizer',
};
const config = { architectures: ['TinyEmbeddingModel'], model_type: 'bert', hidden_size: DIM, vocab_size: V, max_position_embeddings: 32 };

const rng = createRng(20260822);
const embeddings = new Float32Array(V * DIM);
rng.fillNormal(embeddings);
const weight = new Float32Array(DIM * DIM);
rng.fillNormal(weight);
for (let i = 0; i < weight.length; i++) weight[i] /= Math.sqrt(DIM);

function model(pooled) {
  const nodes = [
    { opType: 'Gather', inputs: ['embeddings', 'input_ids'], outputs: ['tok'], attributes: { axis: { int: 0 } } },
    { opType: 'MatMul', inputs: ['tok', 'weight'], outputs: ['proj'] },
    { opType: 'Tanh', inputs: ['proj'], outputs: ['act'] },
    { opType: 'Cast', inputs: ['attention_mask'], outputs: ['maskf'], attributes: { to: { int: 1 } } },
    { opType: 'Unsqueeze', inputs: ['maskf', 'last_axis'], outputs: ['mask3'] },
    { opType: 'Mul', inputs: ['act', 'mask3'], outputs: [pooled ? 'hidden' : 'last_hidden_state'] },
  ];
  if (pooled) nodes.push({ opType: 'ReduceSum', inputs: ['hidden', 'seq_axis'], outputs: ['last_hidden_state'], attributes: { keepdims: { int: 0 } } });
  return encodeOnnxModel({
    name: pooled ? 'tiny-embedding-2d' : 'tiny-embedding',
    inputs: [
      { name: 'input_ids', type: 'int64', shape: ['batch', 'sequence'] },
      { name: 'attention_mask', type: 'int64', shape: ['batch', 'sequence'] },
    ],
    outputs: [{ name: 'last_hidden_state', type: 'float32', shape: pooled ? ['batch', DIM] : ['batch', 'sequence', DIM] }],
    initializers: [
      { name: 'embeddings', type: 'float32', dims: [V, DIM], data: embeddings },
      { name: 'weight', type: 'float32', dims: [DIM, DIM], data: weight },
      { name: 'last_axis', type: 'int64', dims: [1], data: BigInt64Array.of(-1n) },
      ...(pooled ? [{ name: 'seq_axis', type: 'int64', dims: [1], data: BigInt64Array.of(1n) }] : []),
    ],
    nodes,
  });
}

for (const [folder, pooled] of [['tiny-model', false], ['tiny-model-2d', true]]) {
  const dir = join(here, '..', 'test', 'fixtures', folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.onnx'), model(pooled));
  writeFileSync(join(dir, 'tokenizer.json'), `${JSON.stringify(tokenizer, null, 1)}\n`);
  writeFileSync(join(dir, 'tokenizer_config.json'), `${JSON.stringify(tokenizerConfig, null, 2)}\n`);
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
}
// Reference values for the tests, computed here in plain JS from the same weights (independent of onnxruntime).
const reference = { dim: DIM, vocab, embeddings: Array.from(embeddings), weight: Array.from(weight) };
writeFileSync(join(here, '..', 'test', 'fixtures', 'tiny-model-weights.json'), `${JSON.stringify(reference)}\n`);
console.log(`wrote tiny-model (vocab ${V}, dim ${DIM})`);
