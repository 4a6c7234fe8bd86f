import { isBrowser, isNode } from '@limit/core';
import type { EngineEnvironment } from './provider.js';

/** `'node'` in Node (not a browser-like test environment), else `'browser'`. */
export function currentEnvironment(): EngineEnvironment {
  return isNode() && !isBrowser() ? 'node' : 'browser';
}

/** A non-literal dynamic import (with @vite-ignore): bundlers leave optional, environment-specific modules alone. */
export const importOptional = (specifier: string): Promise<unknown> => import(/* @vite-ignore */ specifier);

/** The first line of an error's message. */
export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
