import type { Command } from 'commander';
import { PAPER_TRAINING, assertTrainingFits, createEmbeddingCertificate, experimentParameters, trainFreeEmbeddings } from '@limit/trainer';
import { saveCertificate } from '@limit/trainer/node';
import { assertWritableOutput } from '@limit/core/node';
import { Progress, formatSeconds } from '../util/progress.js';
import { engineFromFlags, precisionFromFlag, quietTfjs, runtimesForEngine } from '../util/trainer-options.js';
import { parseInteger, withFlagNames } from '../util/options.js';
import { addEngineOptions, deviceFromFlag, engineModulesFromFlag, type EngineFlagValues } from '../util/engine-flags.js';
import { TRAINER_FLAGS, addTrainingOptions, initialEmbeddingsDigest, parseTrainingOptions, type TrainingFlagValues } from '../util/training.js';
import { OBJECTIVE_FLAGS, addObjectiveOptions, parseObjectiveFlags, type ObjectiveFlagValues } from '../util/objective-options.js';

/** `limit train`: one free-embedding optimisation run (n documents, dimension d, all k-subsets as queries). */
export function registerTrain(program: Command): void {
  const command = program
    .command('train')
    .description('optimise free embeddings for all C(n, k) top-k sets (the paper objective) and report whether 100% is reached')
    .requiredOption('--n <n>', 'number of documents')
    .requiredOption('--d <d>', 'embedding dimension')
    .option('--k <k>', 'relevant documents per query', String(PAPER_TRAINING.k));
  addEngineOptions(command, 'the engine to train on (auto: the fastest here for this size)')
    .option('--threads <t>', "step threads (the native kernel's, onnxruntime's intra-op; default: the engine's choice)")
    .option('--precision <p>', 'float32 (as JAX) | float64 (js engine only)', PAPER_TRAINING.precision)
    .option('--seed <seed>', 'seed of the initial embeddings', String(PAPER_TRAINING.seed));
  addObjectiveOptions(addTrainingOptions(command))
    .option('--save <file>', 'save the final embeddings as a verifiable certificate (check it with `limit verify FILE`)')
    .option('--json', 'print the metrics as JSON')
    .action(async (opts: TrainingFlagValues & ObjectiveFlagValues & EngineFlagValues & { n: string; d: string; k: string; threads?: string; precision: string; seed: string; save?: string; json?: boolean }) => {
      quietTfjs();
      const n = parseInteger('--n', opts.n, { min: 2 });
      const device = deviceFromFlag(opts.device);
      const threads = opts.threads === undefined ? undefined : parseInteger('--threads', opts.threads, { min: 1 });
      const options = {
        n,
        d: parseInteger('--d', opts.d, { min: 1 }),
        k: parseInteger('--k', opts.k, { min: 1, max: n - 1 }),
        seed: parseInteger('--seed', opts.seed, { min: 0 }),
        ...parseTrainingOptions(opts),
        ...parseObjectiveFlags(opts),
        engine: engineFromFlags(opts),
        ...(device !== undefined ? { device } : {}),
        precision: precisionFromFlag(opts.precision),
      };
      await engineModulesFromFlag(opts.engineModule);
      // Refuse impossible sizes and unwritable outputs before training, not after.
      assertTrainingFits({ ...options, bytesPerFloat: options.precision === 'float64' ? 8 : 4 }, { d: '--d', n: '--n' });
      if (opts.save !== undefined) await assertWritableOutput('--save', opts.save);
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      const bar = new Progress({ label: `train n=${options.n} d=${options.d} k=${options.k}` });
      try {
        const runtimes = await runtimesForEngine(options.engine, device);
        const result = await withFlagNames({ ...TRAINER_FLAGS, ...OBJECTIVE_FLAGS }, () => trainFreeEmbeddings({
          ...options,
          ...(runtimes !== undefined ? { runtimes } : {}),
          ...(threads !== undefined ? { engineOptions: { threads } } : {}),
          returnEmbeddings: opts.save !== undefined,
          signal: controller.signal,
          onProgress: (p) =>
            bar.update(p.step, `loss ${p.loss.toFixed(4)} acc ${p.accuracy.toFixed(4)} ${Math.round(p.stepsPerSecond)} steps/s (${p.engine})`),
        }));
        const m = result.metrics;
        bar.finish(`${m.solved ? 'solved' : 'not solved'}: accuracy ${m.finalAccuracy.toFixed(4)} after ${m.iterations} steps (${m.stopReason})`);
        if (opts.save !== undefined && result.embeddings) {
          const certificate = createEmbeddingCertificate({
            ...result.embeddings,
            qrels: result.qrels,
            qrelsSpec: { kind: 'all-combinations', n: options.n, k: options.k },
            parameters: {
              ...experimentParameters(options, m.engine, m.precision),
              // lets `limit verify` check the recorded seed: the initial embeddings it draws must hash to this
              initialEmbeddingsSha256: initialEmbeddingsDigest({ numQueries: result.qrels.numQueries, numDocs: options.n, d: options.d }, options.seed),
            },
          });
          await saveCertificate(opts.save, certificate);
          process.stderr.write(`certificate (accuracy ${certificate.claim.accuracy}, min margin ${certificate.claim.minMargin.toExponential(3)}) saved to ${opts.save}\n`);
        }
        if (opts.json) {
          const { earlyStopping, ...rest } = options;
          const parameters = { ...rest, patience: earlyStopping.patience, minDelta: earlyStopping.minDelta, ...(opts.save !== undefined ? { save: opts.save } : {}) };
          process.stdout.write(`${JSON.stringify({ parameters, metrics: m }, null, 2)}\n`);
        } else {
          process.stdout.write(
            `n=${options.n} d=${options.d} k=${options.k} queries=${m.actualQGenerated}: ${m.solved ? 'SOLVED' : 'not solved'} — ` +
              `final accuracy ${m.finalAccuracy.toFixed(4)} (exact top-k ${m.finalExactTopK.toFixed(4)}), max ${m.maxAccuracyObserved.toFixed(4)}, final loss ${m.finalLoss.toFixed(5)}, ` +
              `${m.iterations} steps (${m.stopReason}) in ${formatSeconds(m.optimizationDurationSeconds)} on ${m.engine} ${m.precision} (${Math.round(m.stepsPerSecond)} steps/s)\n`,
          );
        }
      } catch (error) {
        if (controller.signal.aborted) {
          process.stderr.write('\ninterrupted\n');
          process.exitCode = 130;
          return;
        }
        throw error;
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}
