export { trainFreeEmbeddings } from './train-free-embeddings.js';
export type {
  TrainFreeEmbeddingsOptions,
  TrainFreeEmbeddingsResult,
  FreeEmbeddingMetrics,
  EarlyStoppingOptions,
  TrainingProgress,
} from './train-free-embeddings.js';
export { initialEmbeddings } from './initial-embeddings.js';
export { listBackends, availableBackends, resolveBackend, createStepEngine, AUTO_JS_MAX_WORK } from './backends.js';
export type { BackendName, BackendInfo, EngineOptions } from './backends.js';
export { createTfjsEngine } from './engines/tfjs-engine.js';
export type { StepEngine, StepEngineInit, EngineQrels } from './engine.js';
export { criticalNSearch } from './critical-n-search.js';
export type { CriticalNEvaluation, CriticalNTrial, CriticalNSearchOptions, CriticalNSearchResult } from './critical-n-search.js';
export { fitCriticalN, PAPER_EXTRAPOLATION_DIMENSIONS } from './fit-critical-n.js';
export type { CriticalNFit, CriticalNPoint } from './fit-critical-n.js';
export { PAPER_CRITICAL_N, PAPER_CUBIC_FIT, paperCriticalNFit } from './paper-critical-n.js';
export { experimentParameters, parameterSignature } from './experiment-parameters.js';
export type { ExperimentParameters } from './experiment-parameters.js';
export { createEmbeddingCertificate, verifyEmbeddingCertificate } from './embedding-certificate.js';
export type { EmbeddingCertificate, CertificateVerification, CertificateQrels, EncodedMatrix } from './embedding-certificate.js';
export { createJsEngine } from './engines/js-engine.js';
export { validateStepEngineInit } from './engines/validate-step-engine-init.js';
export type { StepEngineInitShape } from './engines/validate-step-engine-init.js';
