import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const root = join(import.meta.dirname, '..');
const temp = join(root, 'src', 'readme-example.tmp.ts');

describe('README', () => {
  afterAll(() => rmSync(temp, { force: true }));

  it('runs the usage example verbatim (the import mapped to the sources) and prints what it says', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const example = /## Use[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    writeFileSync(temp, example!.replace("from '@limit/optim'", "from './index.js'"));
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    try {
      await import(/* @vite-ignore */ temp);
    } finally {
      spy.mockRestore();
    }
    const said = [...(/It prints `([^`]*)` and `([^`]*)`/.exec(readme) ?? [])].slice(1);
    expect(said).toHaveLength(2);
    expect(lines).toEqual(said);
  });
});

describe('docs/guides/optim.md', () => {
  const guideTemp = join(root, 'src', 'guide-example.tmp.ts');
  afterAll(() => rmSync(guideTemp, { force: true }));

  it('runs the worked example verbatim and prints what its comment says', async () => {
    const guide = readFileSync(join(root, '..', '..', 'docs', 'guides', 'optim.md'), 'utf8');
    const example = /## Worked example[^\n]*\n\n```ts\n([\s\S]*?)```/.exec(guide)?.[1];
    expect(example).toBeDefined();
    writeFileSync(guideTemp, example!.replace("from '@limit/optim'", "from './index.js'"));
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    try {
      await import(/* @vite-ignore */ guideTemp);
    } finally {
      spy.mockRestore();
    }
    const said = /console\.log\([^\n]*\); \/\/ (.*)$/m.exec(example!)?.[1];
    expect(lines).toEqual([said]);
  });
});
