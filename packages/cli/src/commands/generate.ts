import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DataFormatError, InvalidArgumentError } from '@limit/core';
import { assertWritableOutput } from '@limit/core/node';
import { QREL_PATTERNS, type QrelPatternName } from '@limit/combinatorics';
import { generateLimitDataset, datasetStats } from '@limit/datasets';
import { foreignDatasetFiles, readAttributeList, writeDataset } from '@limit/datasets/node';
import { Progress } from '../util/progress.js';
import { formatTable } from '../util/table.js';
import { parseInteger, withFlagNamesSync } from '../util/options.js';

interface GenerateOptions {
  size: string;
  out: string;
  seed: string;
  pattern: string;
  docs?: string;
  queries: string;
  k: string;
  attributesPerDoc: string;
  attributes?: string;
  json?: boolean;
  force?: boolean;
}

/** `limit generate`: write a LIMIT-style dataset (corpus.jsonl, queries.jsonl, qrels.jsonl) and print its statistics. */
export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('Generate a LIMIT-style dataset offline and deterministically (MTEB/BEIR JSONL: corpus, queries, qrels)')
    .requiredOption('--out <dir>', 'output folder (created if missing); files are written atomically')
    .option('--size <size>', 'small (only the relevant documents, like LIMIT-small) or full (50,000 documents)', 'full')
    .option('--seed <n>', 'random seed (integer); the same options always give byte-identical files', '0')
    .option('--pattern <p>', `qrel pattern: ${QREL_PATTERNS.join(', ')}`, 'dense')
    .option('--docs <n>', 'total documents (default: the relevant ones for small, 50000 for full)')
    .option('--queries <n>', 'number of queries', '1000')
    .option('--k <k>', 'relevant documents per query', '2')
    .option('--attributes-per-doc <n>', 'attributes listed by every document', '45')
    .option('--attributes <file>', 'attribute vocabulary: a UTF-8 text file, one item per line (default: the shipped 1,850-item list)')
    .option('--json', 'print the statistics as JSON on stdout instead of tables')
    .option('--force', 'replace corpus.jsonl, queries.jsonl, qrels.jsonl in --out even when limit generate did not write them')
    .addHelpText(
      'after',
      `
Examples:
  limit generate --size small --out data/limit-small     46 docs, 1000 queries, 2000 qrels (LIMIT-small)
  limit generate --size full --out data/limit            50,000 docs, same queries and qrels (LIMIT)
  limit generate --size small --pattern random --k 3 --queries 500 --out data/random-k3
`,
    )
    .action(async (options: GenerateOptions) => {
      await runGenerate(options);
    });
}

const integer = (flag: string, text: string, min: number): number => parseInteger(flag, text, { min });

/** The dataset library's parameter names → the flags that set them. */
const GENERATE_FLAGS = { numDocs: '--docs', numQueries: '--queries', k: '--k', attributesPerDoc: '--attributes-per-doc', seed: '--seed', size: '--size', pattern: '--pattern' };

/** Generates; "too few attributes" errors from a --attributes file are reported against that file. */
function generateWithAttributes(
  file: string | undefined,
  attributes: string[] | undefined,
  options: Omit<Parameters<typeof generateLimitDataset>[0] & object, 'attributes'>,
): ReturnType<typeof generateLimitDataset> {
  try {
    return generateLimitDataset({ ...options, ...(attributes ? { attributes } : {}) });
  } catch (error) {
    if (file !== undefined && attributes && InvalidArgumentError.isInstance(error) && /available attributes|attributes are left/.test(error.message)) {
      throw new DataFormatError({
        file: resolve(file),
        line: attributes.length,
        message: `--attributes lists only ${attributes.length} items, too few: ${error.message}`,
        cause: error,
      });
    }
    throw error;
  }
}

async function runGenerate(options: GenerateOptions): Promise<void> {
  if (options.size !== 'small' && options.size !== 'full') {
    throw new InvalidArgumentError({ parameter: '--size', value: options.size, message: `--size must be small or full, got ${JSON.stringify(options.size)}` });
  }
  if (!(QREL_PATTERNS as readonly string[]).includes(options.pattern)) {
    throw new InvalidArgumentError({
      parameter: '--pattern',
      value: options.pattern,
      message: `--pattern must be one of ${QREL_PATTERNS.join(', ')}, got ${JSON.stringify(options.pattern)}`,
    });
  }
  // Check the output location before any work (a file in the way fails now, not after generating).
  const out = await assertWritableOutput('--out', resolve(options.out), { kind: 'directory' });
  // Files of the same names that this generator did not write (no matching limit-dataset.json) are the user's.
  const foreign = options.force ? [] : await foreignDatasetFiles(out);
  if (foreign.length > 0) {
    throw new InvalidArgumentError({
      parameter: '--out',
      value: options.out,
      message: `--out ${out} holds ${foreign.join(', ')}, which limit generate did not write (no limit-dataset.json that matches them); they were left untouched — pass --force to replace them, or choose another folder`,
    });
  }
  const attributes = options.attributes === undefined ? undefined : await readAttributeList(resolve(options.attributes));
  const started = Date.now();
  const dataset = withFlagNamesSync(GENERATE_FLAGS, () => generateWithAttributes(options.attributes, attributes, {
    size: options.size as 'small' | 'full', // checked above (narrowing does not reach into the callback)
    pattern: options.pattern as QrelPatternName,
    seed: integer('--seed', options.seed, Number.MIN_SAFE_INTEGER),
    numQueries: integer('--queries', options.queries, 1),
    k: integer('--k', options.k, 1),
    attributesPerDoc: integer('--attributes-per-doc', options.attributesPerDoc, 1),
    ...(options.docs !== undefined ? { numDocs: integer('--docs', options.docs, 1) } : {}),
  }));
  if (attributes) process.stderr.write(`vocabulary: ${attributes.length} items from ${options.attributes}\n`);
  const generatedMs = Date.now() - started;
  process.stderr.write(`generated ${dataset.corpus.length} documents, ${dataset.queries.length} queries in ${(generatedMs / 1000).toFixed(1)}s\n`);

  const total = dataset.corpus.length + dataset.queries.length + dataset.qrels.length;
  const before = { 'corpus.jsonl': 0, 'queries.jsonl': dataset.corpus.length, 'qrels.jsonl': dataset.corpus.length + dataset.queries.length };
  const progress = new Progress({ label: 'writing', total });
  await writeDataset(out, dataset, {
    replace: options.force ? 'any' : 'generated',
    onProgress: (file, written) => progress.update((before[file as keyof typeof before] ?? 0) + written, file),
  });
  progress.finish(`→ ${out}`);

  const stats = datasetStats(dataset);
  const { k, pattern, attributesPerDoc, relevantDocs } = dataset.stats;
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          out,
          size: options.size,
          seed: options.seed,
          pattern,
          k,
          numDocs: stats.numDocs,
          numQueries: stats.numQueries,
          numQrels: stats.numQrels,
          relevantDocs,
          attributesPerDoc: stats.attributesPerDoc,
          degreeHistogram: stats.degreeHistogram,
          relevantPerQuery: stats.relevantPerQuery,
          seconds: (Date.now() - started) / 1000,
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  const attrs = stats.attributesPerDoc.map(([a, n]) => (stats.attributesPerDoc.length === 1 ? String(a) : `${a} (${n} docs)`)).join(', ');
  process.stdout.write(
    [
      `LIMIT dataset in ${out} (${options.size}, pattern ${pattern}, k = ${k}, seed ${options.seed})`,
      '',
      formatTable(
        ['', 'count'],
        [
          ['documents', stats.numDocs],
          ['queries', stats.numQueries],
          ['qrels', stats.numQrels],
          ['relevant documents', relevantDocs],
          ['attributes per document', attributesPerDoc],
        ],
      ),
      `(parsed back from the texts: ${attrs} attributes per document)`,
      '',
      'Document degrees (how many queries a document is relevant to):',
      formatTable(
        ['degree', 'documents'],
        stats.degreeHistogram.map(([d, n]) => [d, n]),
      ),
      '',
    ].join('\n'),
  );
}
