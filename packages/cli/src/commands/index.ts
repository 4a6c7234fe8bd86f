import type { Command } from 'commander';
import { registerDemo } from './demo.js';
import { registerCriticalN } from './critical-n.js';
import { registerTrain } from './train.js';
import { registerVerify } from './verify.js';
import { registerCertify } from './certify.js';
import { registerCapacity } from './capacity.js';
import { registerBenchStep } from './bench-step.js';
import { registerEvaluate } from './evaluate.js';
import { registerGenerate } from './generate.js';
import { registerSvdDemo } from './svd-demo.js';
import { registerBounds } from './bounds.js';
import { registerWorker } from './worker.js';
import { registerImportOfficial } from './import-official.js';

/** Every command of the app; each lives in its own file and registers itself on the program. */
export function registerCommands(program: Command): void {
  registerDemo(program);
  registerCriticalN(program);
  registerTrain(program);
  registerVerify(program);
  registerCertify(program);
  registerCapacity(program);
  registerBenchStep(program);
  registerEvaluate(program);
  registerGenerate(program);
  registerSvdDemo(program);
  registerBounds(program);
  registerWorker(program);
  registerImportOfficial(program);
}
