export { ResultsFile } from './results-file.js';
export type { ResultRow, ResultsFileOptions } from './results-file.js';
export { saveCertificate, verifyEmbeddings } from './certificate-file.js';
export { CriticalNResultsFolder } from './critical-n-results-folder.js';
export type { ResultsFolderLockHolder, RecordedFailure, OpenResultsFolderOptions } from './critical-n-results-folder.js';
export { createLocalExecutor } from './local-executor.js';
export type { LocalExecutorOptions } from './local-executor.js';
export { importOfficialResults, importOfficialResultsFile } from './import-official-results.js';
export type { OfficialResultsImport } from './import-official-results.js';
