#!/usr/bin/env node
// Makes sure WebGPU can run in Node on a machine without a GPU, for this package's tests: Dawn (the
// `webgpu` npm package) needs libvulkan.so.1 and a Vulkan driver; Debian's chromium package ships
// SwiftShader's (vk_swiftshader_icd.json under /usr/lib/chromium). Installs `chromium` and
// `libvulkan1` with apt-get when they are missing and we are root; otherwise explains what to do and
// exits 0 — the tests then skip, saying why. Never downloads a browser build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const icd = '/usr/lib/chromium/vk_swiftshader_icd.json';
const loaders = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1', '/usr/lib64/libvulkan.so.1', '/usr/lib/libvulkan.so.1'];
const missing = [];
if (!existsSync(icd)) missing.push('chromium');
if (!loaders.some((path) => existsSync(path))) missing.push('libvulkan1');
if (missing.length === 0 || process.env.VK_ICD_FILENAMES !== undefined) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !existsSync('/usr/bin/apt-get')) {
  console.error(`ensure-swiftshader: missing ${missing.join(', ')}; install with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')} (or set VK_ICD_FILENAMES to your GPU's Vulkan driver). The WebGPU tests will skip.`);
  process.exit(0);
}
// another test set-up may hold the apt/dpkg locks (chromium, redis-server): wait for them instead of failing
for (const args of [['-o', 'DPkg::Lock::Timeout=600', 'update'], ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', ...missing]]) {
  console.error(`ensure-swiftshader: apt-get ${args.join(' ')}`);
  const result = spawnSync('apt-get', args, { stdio: ['ignore', 2, 2], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status !== 0) {
    console.error(`ensure-swiftshader: apt-get ${args.join(' ')} failed (${result.error?.message ?? `exit status ${result.status}`}); the WebGPU tests will skip.`);
    process.exit(0);
  }
}
