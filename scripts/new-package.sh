#!/usr/bin/env bash
# Scaffolds packages/<name> with the shared layout (used once per package; kept for future packages).
set -euo pipefail
name=$1; desc=$2
dir=packages/$name
mkdir -p $dir/src $dir/bench $dir/test/fixtures
cat > $dir/package.json <<JSON
{
  "name": "@limit/$name",
  "version": "0.0.0",
  "description": "$desc",
  "license": "Apache-2.0",
  "type": "module",
  "sideEffects": false,
  "main": "./dist/index.cjs",
  "module": "./dist/index.js",
  "types": "./dist/index.d.ts",
  "exports": {
    ".": {
      "types": "./dist/index.d.ts",
      "import": "./dist/index.js",
      "require": "./dist/index.cjs"
    },
    "./package.json": "./package.json"
  },
  "files": ["dist/**/*", "!dist/**/*.test.*", "README.md", "LICENSE"],
  "engines": { "node": ">=20" },
  "scripts": {
    "build": "tsup",
    "test": "vitest run",
    "bench": "vitest bench --run",
    "typecheck": "tsc --noEmit",
    "prepack": "node ../../scripts/copy-license.mjs"
  },
  "dependencies": {
    "@limit/core": "workspace:*"
  },
  "devDependencies": {
    "@limit/tsconfig": "workspace:*"
  },
  "publishConfig": { "access": "public" }
}
JSON
cp packages/core/tsconfig.json packages/core/tsup.config.ts $dir/
cat > $dir/vitest.config.ts <<'TS'
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
TS
echo "export {};" > $dir/src/index.ts
