import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidArgumentError } from '@limit/core';

/** Specifiers already imported in this realm (a module registers its providers once). */
const imported = new Set<string>();

/**
 * The form of an engine module's specifier that means the same module in any process or thread of this
 * machine: a relative or absolute path becomes an absolute `file:` URL (resolved from the working directory),
 * a package name stays as it is (Node resolves it).
 *
 * @param specifier - a path (`./my-engine.mjs`, `/abs/x.js`), a `file:` URL or a package name.
 * @param parameter - the option or flag to name in errors (default `engineModules`).
 * @returns the specifier to import.
 * @throws InvalidArgumentError naming `parameter` for an empty or non-string specifier.
 * @example
 * ```ts
 * engineModuleSpecifier('./my-engine.mjs'); // 'file:///home/me/project/my-engine.mjs'
 * ```
 */
export function engineModuleSpecifier(specifier: string, parameter = 'engineModules'): string {
  if (typeof specifier !== 'string' || specifier.trim() === '') {
    throw new InvalidArgumentError({ parameter, value: specifier, message: `${parameter} takes module paths or package names, got ${JSON.stringify(specifier)}` });
  }
  if (specifier.startsWith('file:')) return specifier;
  return specifier.startsWith('.') || isAbsolute(specifier) ? pathToFileURL(resolve(specifier)).href : specifier;
}

/**
 * Imports modules that register engine providers (`registerEngineProvider`), each once per realm, in order:
 * what the CLI does with `--engine-module` and what every local, thread and BullMQ worker does before it
 * trains. A module that cannot be imported (missing, or throwing while it loads) is an error naming it.
 *
 * @param specifiers - paths (resolved from the working directory) or package names.
 * @param parameter - the option or flag to name in errors (default `engineModules`).
 * @returns the specifiers as imported (see {@link engineModuleSpecifier}), to hand to workers.
 * @throws InvalidArgumentError naming `parameter` (and the module) when one cannot be imported; its cause is
 *   the loader's error.
 * @example
 * ```ts
 * const engineModules = await importEngineModules(['./my-engine.mjs']);
 * const executor = createThreadExecutor({ engineModules });
 * ```
 */
export async function importEngineModules(specifiers: readonly string[] = [], parameter = 'engineModules'): Promise<string[]> {
  if (!Array.isArray(specifiers)) {
    throw new InvalidArgumentError({ parameter, value: specifiers, message: `${parameter} must be a list of module paths or package names` });
  }
  const out: string[] = [];
  for (const given of specifiers) {
    const specifier = engineModuleSpecifier(given, parameter);
    if (!imported.has(specifier)) {
      try {
        await import(/* @vite-ignore */ specifier);
      } catch (cause) {
        const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
        throw new InvalidArgumentError({ parameter, value: given, message: `cannot import the engine module ${given}: ${reason}`, cause });
      }
      imported.add(specifier);
    }
    out.push(specifier);
  }
  return out;
}
