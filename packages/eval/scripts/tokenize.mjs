#!/usr/bin/env node
/**
 * Test helper: token ids of texts with a model folder's tokenizer.json (@huggingface/tokenizers, as
 * OnnxEncoder tokenises). stdin: {"dir": "...", "texts": [...]}; stdout: [[ids], ...].
 * Lets tests outside @limit/eval (the CLI's) feed scripts/sentence-model-reference.py.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';

const { dir, texts } = JSON.parse(readFileSync(0, 'utf8'));
const read = (f) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
const tokenizer = new Tokenizer(read('tokenizer.json'), read('tokenizer_config.json'));
process.stdout.write(JSON.stringify(texts.map((t) => tokenizer.encode(t).ids)));
