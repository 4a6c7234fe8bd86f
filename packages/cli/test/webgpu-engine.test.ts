import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/cli.js');
const ensure = resolve(dirname(fileURLToPath(import.meta.url)), '../../webgpu/scripts/ensure-swiftshader.mjs');
const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

// SwiftShader (Vulkan on the CPU, from Debian's chromium package) stands in for a GPU: this checks the CLI's
// wiring of the webgpu engine, never its speed. The set-up script installs chromium + libvulkan1 as root.
spawnSync(process.execPath, [ensure], { stdio: 'inherit' });
const env = { ...process.env, CI: 'true', VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? ICD };
const haveDriver = process.env.VK_ICD_FILENAMES !== undefined || existsSync(ICD);
if (!haveDriver) console.error(`webgpu CLI test skipped: no Vulkan driver (${ICD} missing and VK_ICD_FILENAMES unset)`);

describe.runIf(haveDriver)('limit bench-step / train on the webgpu engine', () => {
  it('bench-step --backend webgpu runs the fused WGSL engine and reports GFLOP/s = 6·q·n·d · steps/s', () => {
    const r = spawnSync(process.execPath, [cli, 'bench-step', '--backend', 'webgpu', '--n', '12', '--d', '5', '--steps', '3', '--repeats', '1', '--json'], { encoding: 'utf8', env });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { queries: number; flopsPerStep: number; results: { engine: string; stepsPerSecond: number; gflopsPerSecond: number }[] };
    expect(out.queries).toBe(66);
    expect(out.flopsPerStep).toBe(6 * 66 * 12 * 5);
    expect(out.results[0]!.engine).toBe('webgpu');
    expect(out.results[0]!.gflopsPerSecond).toBeCloseTo((out.flopsPerStep * out.results[0]!.stepsPerSecond) / 1e9, 9);
  }, 300_000);

  it('train --engine webgpu solves n = 12, d = 5 (the paper protocol) and says which engine ran', () => {
    const r = spawnSync(process.execPath, [cli, 'train', '--engine', 'webgpu', '--n', '12', '--d', '5', '--seed', '7', '--json'], { encoding: 'utf8', env });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { parameters: { n: number; d: number }; metrics: { solved: boolean; engine: string; precision: string } };
    expect(out.parameters).toMatchObject({ n: 12, d: 5 });
    expect(out.metrics).toMatchObject({ solved: true, engine: 'webgpu', precision: 'float32' });
  }, 600_000);
});
