export { readCorpus, readQueries, readQrels } from './node/read-jsonl.js';
export type { ReadJsonlOptions } from './node/read-jsonl.js';
export { readDataset, recoverDatasetFolder, DATASET_FILES, COMMIT_JOURNAL } from './node/read-dataset.js';
export type { ReadDatasetOptions } from './node/read-dataset.js';
export { writeDataset } from './node/write-dataset.js';
export type { DatasetSource, WriteDatasetOptions } from './node/write-dataset.js';
export { readAttributeList } from './node/read-attribute-list.js';
