import type { Command } from 'commander';
import { parseInteger, withFlagNames } from '../util/options.js';

/** `limit worker`: trains the critical-n runs a `limit critical-n --redis URL` coordinator queues. */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('train critical-n runs from a BullMQ queue on Redis (start any number, on any machines; stop with Ctrl-C)')
    .requiredOption('--redis <url>', 'the Redis the coordinator uses, e.g. redis://10.0.0.5:6379')
    .option('--concurrency <c>', 'runs trained at once (each in its own process)', '1')
    .option('--threads <t>', 'onnxruntime threads per run', '1')
    .option('--queue <name>', 'BullMQ queue name (as given to the coordinator)')
    .option('--lock-duration <ms>', "a killed worker's job goes to another worker after about this long", '30000')
    .action(async (opts: { redis: string; concurrency: string; threads: string; queue?: string; lockDuration: string }) => {
      const concurrency = parseInteger('--concurrency', opts.concurrency, { min: 1 });
      const threads = parseInteger('--threads', opts.threads, { min: 1 });
      const lockDuration = parseInteger('--lock-duration', opts.lockDuration, { min: 1000 });
      const { startCriticalNWorker } = await import('@limit/trainer/bullmq');
      const worker = await withFlagNames({ redis: '--redis', queue: '--queue' }, () =>
        startCriticalNWorker({
          redis: opts.redis,
          concurrency,
          threads,
          lockDuration,
          ...(opts.queue !== undefined ? { queue: opts.queue } : {}),
          onEvent: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
        }),
      );
      process.stderr.write(`limit worker ${process.pid}: serving queue ${worker.queue} on ${opts.redis}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.stderr.write('stopping: the jobs in progress go back to the queue\n');
          void worker.close().then(resolve, resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
