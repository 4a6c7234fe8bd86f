import { resolve } from 'node:path';
import type { Command } from 'commander';
import { importOfficialResultsFile } from '@limit/trainer/node';

interface ImportOfficialOptions {
  out: string;
  json?: boolean;
}

/** `limit import-official FILE --out DIR`: bring a results file of the official script into our results folder layout. */
export function registerImportOfficial(program: Command): void {
  program
    .command('import-official')
    .description("Import a results file written by the official script (free_embedding_experiment.py): its absl flag keys are reported and kept, NaN / Infinity read, rows written as d<d>-k<k>.json")
    .argument('<file>', 'the official results JSON (e.g. d=4_k=2.json)')
    .requiredOption('--out <dir>', 'folder to write d<d>-k<k>.json into (an existing target file is refused; nothing is written then)')
    .option('--json', 'print the import report as JSON')
    .action(async (file: string, options: ImportOfficialOptions) => {
      const r = await importOfficialResultsFile(resolve(file), resolve(options.out));
      const report = { files: r.files, rows: r.rows.length, rowsWithExtraFlags: r.rowsWithExtraFlags, extraFlags: r.extraFlags, nonFiniteValues: r.nonFiniteValues };
      if (options.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const flags = Object.keys(r.extraFlags);
      process.stdout.write(
        `imported ${r.rows.length} rows into ${r.files.join(', ')}\n` +
          (flags.length ? `${r.rowsWithExtraFlags} rows carried ${flags.length} flags our schema does not have (kept in data.officialFlags): ${flags.join(', ')}\n` : '') +
          (r.nonFiniteValues ? `${r.nonFiniteValues} NaN / Infinity values read (written as null)\n` : ''),
      );
    });
}
