#!/usr/bin/env node
// Makes sure Debian's Chromium is installed for the browser test (we never download a browser build).
// Installs it with apt-get when /usr/bin/chromium is missing and we are root; otherwise explains what to do.
// Set CHROMIUM_PATH to use another Chromium/Chrome binary.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const executable = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function run(command, args) {
  console.log(`ensure-chromium: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error !== undefined || result.status !== 0) {
    const reason = result.error?.message ?? `exit status ${result.status}`;
    throw new Error(`${command} ${args.join(' ')} failed (${reason})`);
  }
}

if (existsSync(executable)) {
  process.exit(0);
}
if (process.env.CHROMIUM_PATH !== undefined) {
  console.error(`ensure-chromium: CHROMIUM_PATH=${executable} does not exist.`);
  process.exit(1);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (!isRoot || !hasApt) {
  console.error(
    [
      `ensure-chromium: ${executable} is missing and it cannot be installed automatically`,
      `(${!hasApt ? 'apt-get is not available' : 'not running as root'}).`,
      'Install Debian/Ubuntu Chromium with: sudo apt-get update && sudo apt-get install -y chromium',
      'or point CHROMIUM_PATH at a Chromium or Chrome binary. The browser test never downloads a browser.',
    ].join('\n'),
  );
  process.exit(1);
}
try {
  // another test set-up may hold the apt/dpkg locks (libvulkan1, redis-server): wait for them instead of failing
  run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'update']);
  run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', 'chromium']);
} catch (error) {
  console.error(`ensure-chromium: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
if (!existsSync(executable)) {
  console.error(`ensure-chromium: apt-get finished but ${executable} is still missing.`);
  process.exit(1);
}
console.log(`ensure-chromium: installed ${executable}`);
