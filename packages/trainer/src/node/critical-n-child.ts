// Entry of a local executor's worker process and of a thread executor's worker thread: trains the jobs its
// coordinator sends, one at a time, and answers in the executor wire format (typed errors cross as
// serialised errors). Before any job the coordinator may send a `check`: import the engine modules and
// resolve the engines here, so a missing engine fails the experiment before it starts.
import { isMainThread, parentPort } from 'node:worker_threads';
import { trainCriticalNRun } from '../critical-n/train-run.js';
import { resolveEngine } from '../engines/registry.js';
import { failedReply, type WireCheckRequest, type WireReply, type WireRequest, type WireRunRequest } from '../executors/wire.js';
import { importEngineModules } from './engine-modules.js';

const running = new Map<number, AbortController>();
const port = isMainThread ? undefined : parentPort;
const send = (message: WireReply) => (port ? port.postMessage(message) : process.send?.(message));

async function check(message: WireCheckRequest): Promise<WireReply> {
  await importEngineModules(message.engineOptions?.engineModules);
  const threads = message.engineOptions?.threads;
  const engines: string[] = [];
  for (const requirement of message.engines) {
    const { provider } = await resolveEngine(requirement.engine, {
      precision: requirement.precision,
      ...(requirement.device !== undefined ? { device: requirement.device } : {}),
      ...(threads !== undefined ? { threads } : {}),
    });
    engines.push(provider.id);
  }
  return { type: 'checked', id: message.id, engines };
}

async function train(message: WireRunRequest, controller: AbortController): Promise<WireReply> {
  await importEngineModules(message.engineOptions?.engineModules);
  let last = 0;
  const threads = message.engineOptions?.threads;
  const run = await trainCriticalNRun(message.job, {
    signal: controller.signal,
    ...(threads !== undefined ? { engineOptions: { threads } } : {}),
    onProgress: (progress) => {
      const now = Date.now();
      if (now - last < 250) return;
      last = now;
      send({ type: 'progress', id: message.id, progress });
    },
  });
  return { type: 'done', id: message.id, run };
}

function onMessage(message: WireRequest): void {
  if (message.type === 'cancel') {
    running.get(message.id)?.abort();
    return;
  }
  if (message.type === 'check') {
    void check(message).then(send, (error: unknown) => send(failedReply(message.id, error)));
    return;
  }
  if (message.type !== 'run') return;
  const controller = new AbortController();
  running.set(message.id, controller);
  void train(message, controller)
    .then(send, (error: unknown) => send(failedReply(message.id, error)))
    .finally(() => running.delete(message.id));
}

if (port) {
  port.on('message', onMessage);
} else {
  process.on('message', onMessage);
  process.on('disconnect', () => process.exit(0));
}
