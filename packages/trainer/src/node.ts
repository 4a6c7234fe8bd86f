export { ResultsFile } from './node/results-file.js';
export type { ResultRow, ResultsFileOptions } from './node/results-file.js';
export { saveCertificate, verifyEmbeddings } from './node/certificate-file.js';
export { CriticalNResultsFolder } from './node/results-folder.js';
export type { ResultsFolderLockHolder, RecordedFailure, OpenResultsFolderOptions } from './node/results-folder.js';
export { createLocalExecutor } from './node/local-executor.js';
export type { LocalExecutorOptions } from './node/local-executor.js';
export { importOfficialResults, importOfficialResultsFile } from './node/import-official-results.js';
export type { OfficialResultsImport } from './node/import-official-results.js';
