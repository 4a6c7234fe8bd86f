// Entry of a local executor's worker process: trains the jobs its parent sends over IPC, one at a time, and
// answers in the executor wire format (typed errors cross as serialised errors).
import { pathToFileURL } from 'node:url';
import { isAbsolute, resolve } from 'node:path';
import { trainCriticalNRun } from '../critical-n/train-run.js';
import { failedReply, type WireReply, type WireRequest } from '../executors/wire.js';

const running = new Map<number, AbortController>();
const imported = new Set<string>();
const send = (message: WireReply) => process.send?.(message);

/** Imports the modules that register engine providers (once each); a path is resolved from the working directory. */
async function importEngineModules(modules: readonly string[] = []): Promise<void> {
  for (const specifier of modules) {
    if (imported.has(specifier)) continue;
    const target = specifier.startsWith('.') || isAbsolute(specifier) ? pathToFileURL(resolve(specifier)).href : specifier;
    await import(target);
    imported.add(specifier);
  }
}

process.on('message', (message: WireRequest) => {
  if (message.type === 'cancel') {
    running.get(message.id)?.abort();
    return;
  }
  if (message.type !== 'run') return;
  const controller = new AbortController();
  running.set(message.id, controller);
  let last = 0;
  const threads = message.engineOptions?.threads;
  void importEngineModules(message.engineOptions?.engineModules)
    .then(() =>
      trainCriticalNRun(message.job, {
        signal: controller.signal,
        ...(threads !== undefined ? { engineOptions: { threads } } : {}),
        onProgress: (progress) => {
          const now = Date.now();
          if (now - last < 250) return;
          last = now;
          send({ type: 'progress', id: message.id, progress });
        },
      }),
    )
    .then((run) => send({ type: 'done', id: message.id, run }))
    .catch((error: unknown) => send(failedReply(message.id, error)))
    .finally(() => running.delete(message.id));
});
process.on('disconnect', () => process.exit(0));
