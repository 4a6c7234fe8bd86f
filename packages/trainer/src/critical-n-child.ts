// Entry of a local executor's worker process: trains the jobs its parent sends over IPC, one at a time.
import { AbortedError } from '@limit/core';
import type { CriticalNJob } from './critical-n-job.js';
import { trainCriticalNRun } from './train-critical-n-run.js';

interface RunMessage {
  readonly type: 'run';
  readonly id: number;
  readonly job: CriticalNJob;
  readonly threads?: number;
}
interface CancelMessage {
  readonly type: 'cancel';
  readonly id: number;
}

const running = new Map<number, AbortController>();
const send = (message: unknown) => process.send?.(message);

process.on('message', (message: RunMessage | CancelMessage) => {
  if (message.type === 'cancel') {
    running.get(message.id)?.abort();
    return;
  }
  if (message.type !== 'run') return;
  const controller = new AbortController();
  running.set(message.id, controller);
  let last = 0;
  void trainCriticalNRun(message.job, {
    signal: controller.signal,
    ...(message.threads !== undefined ? { engineOptions: { threads: message.threads } } : {}),
    onProgress: (progress) => {
      const now = Date.now();
      if (now - last < 250) return;
      last = now;
      send({ type: 'progress', id: message.id, progress });
    },
  })
    .then((run) => send({ type: 'done', id: message.id, run }))
    .catch((error: unknown) =>
      send({ type: 'error', id: message.id, aborted: AbortedError.isInstance(error), message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
    )
    .finally(() => running.delete(message.id));
});
process.on('disconnect', () => process.exit(0));
