export { ResultsFile } from './results-file.js';
export type { ResultRow, ResultsFileOptions } from './results-file.js';
export { saveCertificate, verifyEmbeddings } from './certificate-file.js';
export { runCriticalNExperiment } from './run-critical-n-experiment.js';
export type { CriticalNExperimentOptions, CriticalNRun } from './run-critical-n-experiment.js';
