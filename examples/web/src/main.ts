import { detectDevices } from './runtime.js';
import { mountCriticalTab } from './tabs/critical-n.js';
import { mountQrelsTab } from './tabs/qrels.js';
import { mountRetrievalTab } from './tabs/retrieval.js';
import { mountTrainTab } from './tabs/train.js';
import './style.css';

const devicesReady = detectDevices();

function panel(name: string): HTMLElement {
  const node = document.querySelector<HTMLElement>(`[data-panel="${name}"]`);
  if (node === null) throw new Error(`missing panel ${name}`);
  return node;
}

const mounted = new Set<string>();
const mounters: Record<string, (host: HTMLElement) => void> = {
  train: (host) => mountTrainTab(host, devicesReady),
  critical: (host) => mountCriticalTab(host, devicesReady),
  qrels: (host) => mountQrelsTab(host),
  retrieval: (host) => mountRetrievalTab(host),
};

function show(name: string): void {
  for (const tab of document.querySelectorAll<HTMLButtonElement>('[role="tab"]')) {
    tab.setAttribute('aria-selected', String(tab.dataset['tab'] === name));
  }
  for (const section of document.querySelectorAll<HTMLElement>('[role="tabpanel"]')) {
    section.hidden = section.dataset['panel'] !== name;
  }
  if (!mounted.has(name)) {
    mounted.add(name);
    mounters[name]?.(panel(name));
  }
  if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
}

for (const tab of document.querySelectorAll<HTMLButtonElement>('[role="tab"]')) {
  tab.addEventListener('click', () => show(tab.dataset['tab'] ?? 'train'));
}
const fromHash = (): string => {
  const name = location.hash.slice(1);
  return name in mounters ? name : 'train';
};
show(fromHash());
window.addEventListener('hashchange', () => show(fromHash()));
// test hook (examples/web/test/browser.test.ts): per-step cost of the losses' read-back validation
(globalThis as { __limitInfoNceStepCost?: unknown }).__limitInfoNceStepCost = (options?: object) =>
  import('./loss-step-bench.js').then((m) => m.infoNceStepCost(options));

void devicesReady.then((devices) => {
  const env = document.querySelector<HTMLElement>('[data-testid="environment"]');
  if (env === null) return;
  env.dataset['webgpu'] = String(devices.webgpu);
  env.dataset['webgl'] = String(devices.webgl);
  env.textContent = [
    `WebGPU: ${devices.webgpu ? `yes (${devices.webgpuAdapter}; the fused webgpu engine is offered)` : 'no adapter'}`,
    `WebGL2: ${devices.webgl ? `yes (${devices.webglRenderer})` : 'no'}`,
    `WebAssembly: ${devices.wasm ? 'yes' : 'no'}`,
  ].join(' · ');
});
