#!/usr/bin/env node
// Compiles the N-API addon with node-gyp (through prebuildify) into prebuilds/<platform>-<arch>/, the
// folder node-gyp-build loads from at run time. Runs at build time only (the package's `build` script);
// users never compile: the npm tarball carries prebuilds/ and no binding.gyp.
//
// Offline: node-gyp is pointed at the headers of the running Node (`nodedir`), taken from
// npm_config_nodedir when set, else from <prefix>/include/node beside the node binary (Debian's
// /usr/include/node, and every official Node tarball) — never a header download.
// Build output (compiler lines) goes to stderr.
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const prebuildify = require('prebuildify');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function headersIn(dir) {
  return existsSync(join(dir, 'include', 'node', 'node_api.h'));
}

let nodedir = process.env.npm_config_nodedir;
if (!nodedir || !headersIn(nodedir)) {
  const prefix = dirname(dirname(process.execPath));
  if (!headersIn(prefix)) {
    console.error(
      `build-native: no Node headers found (looked for ${join(prefix, 'include/node/node_api.h')}); ` +
        'set npm_config_nodedir to a Node source/headers folder',
    );
    process.exit(1);
  }
  nodedir = prefix;
}

process.env.npm_config_nodedir = nodedir;
rmSync(join(root, 'prebuilds'), { recursive: true, force: true });
const started = Date.now();
process.stdout.write = process.stderr.write.bind(process.stderr); // keep stdout for results
prebuildify(
  {
    cwd: join(root, 'native'),
    out: root,
    name: 'limit_kernels',
    napi: true,
    strip: true,
    tagLibc: true,
    targets: [`node@${process.versions.node}`],
  },
  (error) => {
    if (error) {
      console.error(`build-native: ${error.message ?? error}`);
      process.exit(1);
    }
    console.error(`build-native: prebuilds/${process.platform}-${process.arch} built in ${((Date.now() - started) / 1000).toFixed(1)}s (nodedir ${nodedir})`);
  },
);
