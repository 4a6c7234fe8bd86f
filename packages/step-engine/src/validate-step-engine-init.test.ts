import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@limit/core';
import { BAD_STEP_ENGINE_INITS, validStepEngineInit } from './testing/bad-inits.js';
import { validateStepEngineInit } from './validate-step-engine-init.js';

describe('validateStepEngineInit', () => {
  it('returns the sizes and the resolved settings of a valid init', () => {
    expect(validateStepEngineInit(validStepEngineInit())).toEqual({
      q: 3,
      n: 4,
      d: 2,
      numPairs: 4,
      maxRelevant: 2,
      precision: 'float32',
      objective: { name: 'infoNce', temperature: 0.1 },
      queryMode: 'free',
    });
  });

  it.each(BAD_STEP_ENGINE_INITS.map((b) => [b.label, b] as const))('refuses %s, naming the parameter', (_label, bad) => {
    let error: unknown;
    try {
      validateStepEngineInit(bad.init, { engine: 'test', objectives: ['infoNce', 'hinge', 'sigmoid'], queryModes: ['free', 'centroid'] });
    } catch (e) {
      error = e;
    }
    expect(bad.isError(error), String(error)).toBe(true);
    expect((error as { parameter: string }).parameter).toBe(bad.parameter);
  });

  it('refuses what the engine cannot do, naming the engine and the setting', () => {
    const refuse = (init: Parameters<typeof validateStepEngineInit>[0], caps: Parameters<typeof validateStepEngineInit>[1]) => {
      try {
        validateStepEngineInit(init, caps);
      } catch (e) {
        return e as InvalidArgumentError;
      }
      throw new Error('not refused');
    };
    const hinge = refuse(validStepEngineInit({ objective: { name: 'hinge', margin: 0.1 } }), { engine: 'onnx' });
    expect(InvalidArgumentError.isInstance(hinge) && hinge.parameter).toBe('objective');
    expect(hinge.message).toMatch(/onnx engine does not implement the hinge objective/);
    expect(refuse(validStepEngineInit({ queryMode: 'centroid' }), { engine: 'x', objectives: ['infoNce'] }).parameter).toBe('queryMode');
    expect(refuse(validStepEngineInit({ precision: 'float64' }), { engine: 'native' }).message).toMatch(/native engine trains in float32 only, not float64/);
    expect(refuse(validStepEngineInit(), { engine: 'webgpu', maxDimension: 1 }).parameter).toBe('d');
  });

  it('takes the objective from init.objective, and refuses a temperature that disagrees with it', () => {
    const init = validStepEngineInit({ temperature: undefined, objective: { name: 'sigmoid', temperature: 0.2, bias: -3 } });
    expect(validateStepEngineInit(init, { engine: 'x', objectives: ['sigmoid'] }).objective).toEqual({ name: 'sigmoid', temperature: 0.2, bias: -3 });
    expect(() => validateStepEngineInit(validStepEngineInit({ objective: { name: 'infoNce', temperature: 0.2 } }))).toThrow(/disagrees/);
    expect(() => validateStepEngineInit(validStepEngineInit({ objective: { name: 'hinge' } as never }), { engine: 'x', objectives: ['hinge'] })).toThrow(/objective.margin is required/);
    expect(() => validateStepEngineInit(validStepEngineInit({ temperature: undefined }))).toThrow(/temperature/);
  });
});
