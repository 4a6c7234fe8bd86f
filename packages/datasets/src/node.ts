export { readCorpus, readQueries, readQrels } from './node/read-jsonl.js';
export { readDataset, DATASET_FILES } from './node/read-dataset.js';
export { writeDataset } from './node/write-dataset.js';
export type { DatasetSource, WriteDatasetOptions } from './node/write-dataset.js';
