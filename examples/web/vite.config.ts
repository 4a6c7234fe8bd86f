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

const MODEL_FILES = ['model.onnx', 'tokenizer.json', 'tokenizer_config.json', 'config.json'];

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

/**
 * Runtime modules the libraries import *by name* at run time (the trainer loads onnxruntime-web with
 * `import('onnxruntime-web')`, and a tfjs backend package the same way when the app has not
 * registered that backend yet), so nothing is registered as a side effect of importing a library.
 * Browsers resolve bare names through an import map; each name maps to a tiny shim that hands over
 * the module the app has already bundled and loaded (see src/runtime.ts): one copy of each runtime.
 */
const RUNTIME_MODULES: Record<string, readonly string[]> = {
  '@tensorflow/tfjs-backend-cpu': [],
  '@tensorflow/tfjs-backend-wasm': ['setWasmPaths', 'setThreadsCount', 'getThreadsCount', 'BackendWasm', 'version_wasm'],
  '@tensorflow/tfjs-backend-webgl': [],
  '@tensorflow/tfjs-backend-webgpu': [],
  'onnxruntime-web': ['InferenceSession', 'Tensor', 'env', 'TRACE', 'TRACE_FUNC_BEGIN', 'TRACE_FUNC_END'],
};

function shimFile(name: string): string {
  return `runtime-shims/${name.replace(/^@/, '').replace(/\//g, '__')}.js`;
}

function shimSource(name: string, named: readonly string[]): string {
  return [
    `const registry = globalThis.__limitRuntimeModules ?? {};`,
    `const m = registry[${JSON.stringify(name)}];`,
    `if (m === undefined) throw new Error(${JSON.stringify(`${name} has not been loaded by the app (src/runtime.ts registers it before use)`)});`,
    `export default m.default ?? m;`,
    ...named.map((key) => `export const ${key} = m.${key};`),
    '',
  ].join('\n');
}

function importMap(): string {
  const imports = Object.fromEntries(Object.keys(RUNTIME_MODULES).map((name) => [name, `./${shimFile(name)}`]));
  return JSON.stringify({ imports });
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
        const shim = Object.keys(RUNTIME_MODULES).find((name) => shimFile(name) === path);
        if (shim !== undefined) {
          res.setHeader('Content-Type', 'text/javascript');
          res.end(shimSource(shim, RUNTIME_MODULES[shim]!));
          return;
        }
        const file = assets.get(path);
        if (file === undefined) return next();
        res.setHeader('Content-Type', MIME[path.split('.').pop() ?? ''] ?? 'application/octet-stream');
        res.end(readFileSync(file));
      });
    },
    transformIndexHtml() {
      // must precede every module script: the import map is fixed once the first module loads
      return [{ tag: 'script', attrs: { type: 'importmap' }, children: importMap(), injectTo: 'head-prepend' }];
    },
    generateBundle() {
      for (const [name, named] of Object.entries(RUNTIME_MODULES)) {
        this.emitFile({ type: 'asset', fileName: shimFile(name), source: shimSource(name, named) });
      }
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
