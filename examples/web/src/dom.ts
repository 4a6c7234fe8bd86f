// Tiny DOM helpers so the tabs stay declarative without a UI framework.

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | undefined> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(key, value === true ? '' : String(value));
  }
  node.append(...children);
  return node;
}

/** A labelled numeric input. */
export function numberField(label: string, name: string, value: number, min: number, max: number, step = 1): HTMLLabelElement {
  return h('label', {}, label, h('input', { type: 'number', name, value, min, max, step, 'data-testid': `input-${name}` }));
}

/** A labelled select. */
export function selectField(label: string, name: string, options: readonly string[], value: string): HTMLLabelElement {
  const select = h('select', { name, 'data-testid': `input-${name}` });
  for (const option of options) select.append(h('option', { value: option, selected: option === value }, option));
  return h('label', {}, label, select);
}

/**
 * The engine menu: a labelled select named `engine`, holding `auto` until the device probes fill it (see
 * `fillEngineSelect` in runtime.ts).
 */
export function engineField(): HTMLLabelElement {
  const select = h('select', { name: 'engine', 'data-testid': 'input-engine' }, h('option', { value: 'auto', selected: true }, 'auto'));
  return h('label', { class: 'engine' }, 'engine', select);
}

export function readNumber(form: HTMLFormElement, name: string): number {
  const input = form.elements.namedItem(name) as HTMLInputElement | null;
  return Number(input?.value);
}

export function readString(form: HTMLFormElement, name: string): string {
  const input = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
  return input?.value ?? '';
}

/** Sets a status line's text and state (the state is what tests and CSS key on). */
export function setStatus(node: HTMLElement, state: 'idle' | 'running' | 'done' | 'error', text: string): void {
  node.dataset['state'] = state;
  node.textContent = text;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Seconds with two significant digits below 10 s (0.031 s, 3.4 s), else tenths (12.5 s): never "0.0 s". */
export function formatSeconds(seconds: number): string {
  return `${seconds < 10 ? seconds.toPrecision(2) : seconds.toFixed(1)} s`;
}
