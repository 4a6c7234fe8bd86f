import type { Command } from 'commander';
import { PAPER_TRAINING, resolveEngine, type WireEngineRequirement } from '@limit/trainer';
import { parseInteger, withFlagNames } from '../util/options.js';
import { addEngineOptions, deviceFromFlag, engineModulesFromFlag, type EngineFlagValues } from '../util/engine-flags.js';
import { engineFromFlags, precisionFromFlag } from '../util/trainer-options.js';

/** `limit worker`: trains the critical-n runs a `limit critical-n --redis URL` coordinator queues. */
export function registerWorker(program: Command): void {
  const command = program
    .command('worker')
    .description('train critical-n runs from a BullMQ queue on Redis (start any number, on any machines; stop with Ctrl-C)')
    .requiredOption('--redis <url>', 'the Redis the coordinator uses, e.g. redis://10.0.0.5:6379')
    .option('--concurrency <c>', 'runs trained at once (each in its own process)', '1')
    .option('--threads <t>', "step threads per run, for the native kernel and onnxruntime", '1')
    .option('--queue <name>', 'BullMQ queue name (as given to the coordinator)')
    .option('--lock-duration <ms>', "a killed worker's job goes to another worker after about this long", '30000');
  addEngineOptions(command, 'check at start that this engine runs here (each job trains on the engine it names)')
    .option('--precision <p>', 'float32 | float64: the precision to check --engine/--device in', PAPER_TRAINING.precision)
    .action(async (opts: EngineFlagValues & { redis: string; concurrency: string; threads: string; queue?: string; lockDuration: string; precision: string }) => {
      const concurrency = parseInteger('--concurrency', opts.concurrency, { min: 1 });
      const threads = parseInteger('--threads', opts.threads, { min: 1 });
      const lockDuration = parseInteger('--lock-duration', opts.lockDuration, { min: 1000 });
      const device = deviceFromFlag(opts.device);
      const precision = precisionFromFlag(opts.precision);
      const named = opts.engine !== undefined || opts.backend !== undefined || device !== undefined;
      const engineModules = await engineModulesFromFlag(opts.engineModule);
      // --engine/--device: resolved here first (naming the flag), then checked in a training process before any job
      const engines: WireEngineRequirement[] = [];
      if (named) {
        const { provider } = await withFlagNames({ device: '--device', engine: '--engine', precision: '--precision' }, () =>
          resolveEngine(engineFromFlags(opts), { precision, ...(device !== undefined ? { device } : {}) }),
        );
        engines.push({ engine: provider.id, precision, ...(device !== undefined ? { device } : {}) });
      }
      const { startCriticalNWorker } = await import('@limit/trainer/bullmq');
      const worker = await withFlagNames({ redis: '--redis', queue: '--queue', engineModules: '--engine-module' }, () =>
        startCriticalNWorker({
          redis: opts.redis,
          concurrency,
          threads,
          lockDuration,
          engines,
          ...(engineModules.length > 0 ? { engineModules } : {}),
          ...(opts.queue !== undefined ? { queue: opts.queue } : {}),
          onEvent: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
        }),
      );
      process.stderr.write(`limit worker ${process.pid}: serving queue ${worker.queue} on ${opts.redis}${engines.length > 0 ? ` (checked: ${engines.map((e) => e.engine).join(', ')})` : ''}\n`);
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
