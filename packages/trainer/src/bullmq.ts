// The `@limit/trainer/bullmq` entry: the critical-n experiment on a BullMQ queue (Node; needs bullmq and ioredis).
export { DEFAULT_CRITICAL_N_QUEUE } from './node/bullmq/connection.js';
export { createBullmqExecutor } from './node/bullmq/coordinator.js';
export type { BullmqExecutorOptions } from './node/bullmq/coordinator.js';
export { startCriticalNWorker } from './node/bullmq/worker.js';
export type { CriticalNWorkerOptions, CriticalNWorkerHandle } from './node/bullmq/worker.js';
