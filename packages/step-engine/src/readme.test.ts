import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const root = join(import.meta.dirname, '..');
const temp = join(root, 'test', 'readme-example.tmp.ts');

describe('README', () => {
  afterAll(() => rmSync(temp, { force: true }));

  it('runs the usage example verbatim (imports mapped to this workspace) and prints what it says', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const example = /## Use[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    mkdirSync(join(root, 'test'), { recursive: true });
    writeFileSync(temp, example!.replace("from '@limit/step-engine/testing'", "from '../src/testing.js'").replace("from '@limit/step-engine'", "from '../src/index.js'"));
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    try {
      await import(/* @vite-ignore */ temp);
    } finally {
      spy.mockRestore();
    }
    const said = /It prints `([^`]*)`/.exec(readme)?.[1];
    expect(lines).toEqual([said]);
  });
});
