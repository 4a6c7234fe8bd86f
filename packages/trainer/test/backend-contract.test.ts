import { describe, expect, it } from 'vitest';
import { stepEngineContractCases } from '@limit/step-engine/testing';
import type { EngineProvider } from '../src/engines/provider.js';
import { listEngineProviders } from '../src/engines/registry.js';

/**
 * The step-engine contract (`@limit/step-engine/testing`) for every engine provider of the registry that runs in
 * Node here, in every precision, objective and query mode it declares: the float64 reference's losses,
 * embeddings and accuracies step by step, exact blocking, typed refusals of bad inits and of what it does not
 * implement, lifecycle. A new provider folder is covered without editing this file.
 */
const available: EngineProvider[] = [];
for (const provider of listEngineProviders()) {
  if (!provider.environments.includes('node')) continue;
  if (provider.isAvailable === undefined || (await provider.isAvailable()).available) available.push(provider);
}

it('covers at least js, native, onnx, tfjs-cpu and tfjs-wasm in Node', () => {
  expect(available.map((p) => p.id)).toEqual(expect.arrayContaining(['js', 'native', 'onnx', 'tfjs-cpu', 'tfjs-wasm']));
});

for (const provider of available) {
  for (const precision of provider.precisions ?? ['float32']) {
    describe(`step engine contract: ${provider.id} (${precision})`, () => {
      const cases = stepEngineContractCases({
        name: provider.id,
        // one thread: the contract's determinism holds per thread count (the native kernel is bit-identical across them anyway)
        create: (init) => provider.create(init, { threads: 1 }),
        precision,
        ...(provider.objectives ? { objectives: provider.objectives } : {}),
        ...(provider.queryModes ? { queryModes: provider.queryModes } : {}),
      });
      for (const c of cases) it(c.name, c.run);
    });
  }
}
