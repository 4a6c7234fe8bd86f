import { describe, expect, it } from 'vitest';
import { EngineStateError } from '@limit/core';
import { createEngineGuard } from './engine-guard.js';

describe('createEngineGuard', () => {
  it('refuses a second call while one is in flight, and every call after dispose', async () => {
    const guard = createEngineGuard('test');
    let release!: () => void;
    const first = guard.exclusive('step', () => new Promise<number>((resolve) => (release = () => resolve(1))));
    await expect(guard.exclusive('accuracy', async () => 2)).rejects.toSatisfy((e: unknown) => EngineStateError.isInstance(e) && e.state === 'busy' && /step\(\) is in flight/.test(e.message));
    release();
    await expect(first).resolves.toBe(1);
    await expect(guard.exclusive('accuracy', async () => 2)).resolves.toBe(2);
    expect(guard.beginDispose()).toBe(true);
    expect(guard.beginDispose()).toBe(false);
    expect(() => guard.assertLive("step")).toThrow(/was disposed: step\(\) called after dispose/);
  });

  it('refuses calls after the device was lost', () => {
    const guard = createEngineGuard('gpu');
    guard.markLost('adapter reset');
    let error: unknown;
    try {
      guard.assertLive('step');
    } catch (e) {
      error = e;
    }
    expect(EngineStateError.isInstance(error) && error.state).toBe('lost');
  });
});
