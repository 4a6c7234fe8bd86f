// Which markdown files are guides (checked and regenerated), and how results files are read.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** README.md, docs/**\/*.md (not the generated API reference), packages/*\/README.md, examples/*\/README.md. */
export function listGuides(root) {
  const out = ['README.md'];
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (path !== join('docs', 'api')) walk(path);
      } else if (entry.name.endsWith('.md')) out.push(path);
    }
  };
  walk('docs');
  for (const parent of ['packages', 'examples']) {
    for (const entry of readdirSync(join(root, parent), { withFileTypes: true })) {
      const readme = join(parent, entry.name, 'README.md');
      if (entry.isDirectory() && existsSync(join(root, readme))) out.push(readme);
    }
  }
  return out.map((p) => relative(root, join(root, p)).split('\\').join('/'));
}

const cache = new Map();

/** A results file (repository-relative path), parsed and checked to carry what a results block shows. */
export function loadResultsFile(root, file) {
  if (!cache.has(file)) {
    if (!/^docs\/measurements\/[\w-]+\.json$/.test(file)) throw new Error(`results files live in docs/measurements/ (got ${file})`);
    const path = join(root, file);
    if (!existsSync(path)) throw new Error(`${file} does not exist (run \`pnpm measure\`)`);
    const data = JSON.parse(readFileSync(path, 'utf8'));
    for (const key of ['name', 'command', 'date', 'results']) if (data[key] === undefined) throw new Error(`${file} has no ${key}`);
    if (`docs/measurements/${data.name}.json` !== file) throw new Error(`${file} names itself ${data.name}`);
    cache.set(file, data);
  }
  return cache.get(file);
}
