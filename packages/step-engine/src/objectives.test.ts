import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@limit/core';
import { objectiveLabel, resolveObjective } from './objectives.js';

describe('resolveObjective', () => {
  it('fills in the documented defaults', () => {
    expect(resolveObjective()).toEqual({ name: 'infoNce', temperature: 0.1 });
    expect(resolveObjective('hinge')).toEqual({ name: 'hinge', margin: 0.1 });
    expect(resolveObjective({ name: 'sigmoid', bias: -5 })).toEqual({ name: 'sigmoid', temperature: 0.1, bias: -5 });
  });

  it('names the bad setting', () => {
    const errorOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as InvalidArgumentError;
      }
      throw new Error('no error');
    };
    expect(errorOf(() => resolveObjective('triplet' as never)).parameter).toBe('objective');
    expect(errorOf(() => resolveObjective({ name: 'hinge', margin: -1 })).parameter).toBe('objective.margin');
    expect(errorOf(() => resolveObjective({ name: 'sigmoid', bias: Number.NaN })).parameter).toBe('objective.bias');
    expect(errorOf(() => resolveObjective({ name: 'infoNce', temperature: 0 })).parameter).toBe('objective.temperature');
    const unknown = errorOf(() => resolveObjective({ name: 'hinge', gamma: 0.2 } as never));
    expect(InvalidArgumentError.isInstance(unknown) && unknown.parameter).toBe('objective.gamma');
  });

  it('labels objectives stably', () => {
    expect(objectiveLabel(resolveObjective())).toBe('infoNce-t0.1');
    expect(objectiveLabel(resolveObjective('sigmoid'))).toBe('sigmoid-t0.1-b-10');
  });
});
