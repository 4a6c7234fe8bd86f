import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

/** Directory of a dependency installed for this app (so the served binaries match the bundled JS). */
function packageDir(name: string): string {
  const dir = join(here, 'node_modules', name);
  if (!existsSync(join(dir, 'package.json'))) throw new Error(`${name} is not installed in examples/web: run pnpm install`);
  return dir;
}

// the files a sentence-transformers / Hugging Face folder may declare (see @limit/eval's loadOnnxEncoderFromUrl)
const MODEL_FILES = [
  'model.onnx',
  'tokenizer.json',
  'tokenizer_config.json',
  'config.json',
  'modules.json',
  'config_sentence_transformers.json',
  'sentence_bert_config.json',
  '1_Pooling/config.json',
];

/**
 * Runtime files the app serves itself so it works offline: the tfjs wasm binaries and the small ONNX encoder the eval package builds as a test fixture. URL path (under
 * the app's base) → absolute file on disk. Model folders are optional: the retrieval tab lists what it finds.
 */
function runtimeAssets(): Map<string, string> {
  const assets = new Map<string, string>();
  const tfWasm = join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist');
  for (const file of readdirSync(tfWasm).filter((f) => f.endsWith('.wasm'))) {
    assets.set(`tfjs-wasm/${file}`, join(tfWasm, file));
  }
  // onnxruntime-web needs no entry here: its bundled build references its wasm binary with
  // `new URL('…wasm', import.meta.url)`, which Vite emits into assets/ itself.
  // every model folder the eval package builds as a fixture (model.onnx + tokenizer.json + config.json)
  const fixtures = join(here, '../../packages/eval/test/fixtures');
  if (existsSync(fixtures)) {
    for (const entry of readdirSync(fixtures, { withFileTypes: true })) {
      const dir = join(fixtures, entry.name);
      if (!entry.isDirectory() || !existsSync(join(dir, 'model.onnx'))) continue;
      for (const file of MODEL_FILES) {
        if (existsSync(join(dir, file))) assets.set(`models/${entry.name}/${file}`, join(dir, file));
      }
    }
  }
  return assets;
}

/** The models/index.json manifest: model folder → files present. */
function modelNames(assets: Map<string, string>): Record<string, string[]> {
  const models: Record<string, string[]> = {};
  for (const path of assets.keys()) {
    const match = /^models\/([^/]+)\/(.+)$/.exec(path);
    if (match !== null) (models[match[1]!] ??= []).push(match[2]!);
  }
  return models;
}

const MIME: Record<string, string> = {
  wasm: 'application/wasm',
  mjs: 'text/javascript',
  json: 'application/json',
  onnx: 'application/octet-stream',
  txt: 'text/plain',
};

/** Serves {@link runtimeAssets} in dev/preview and emits them into dist on build (nothing from a CDN). */
function serveRuntimeAssets(): Plugin {
  let assets = new Map<string, string>();
  return {
    name: 'limit-runtime-assets',
    buildStart() {
      assets = runtimeAssets();
    },
    configureServer(server) {
      assets = runtimeAssets();
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0]!.replace(/^\/+/, '');
        if (path === 'models/index.json') {
          res.setHeader('Content-Type', 'application/json');
          res.end(JSON.stringify(modelNames(assets)));
          return;
        }
        const file = assets.get(path);
        if (file === undefined) return next();
        res.setHeader('Content-Type', MIME[path.split('.').pop() ?? ''] ?? 'application/octet-stream');
        res.end(readFileSync(file));
      });
    },
    generateBundle() {
      for (const [fileName, file] of assets) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(file) });
      }
      // the manifest lets the app list which models exist without probing URLs
      this.emitFile({ type: 'asset', fileName: 'models/index.json', source: JSON.stringify(modelNames(assets)) });
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [serveRuntimeAssets()],
  resolve: {
    // one tfjs-core instance: backends register into the engine the trainer uses
    dedupe: [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs-backend-webgpu',
      'onnxruntime-web',
    ],
  },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    sourcemap: true,
  },
});
