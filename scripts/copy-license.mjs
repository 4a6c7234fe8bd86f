// Copies the repository LICENSE into the package folder being packed, so every tarball carries it.
import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
copyFileSync(join(root, 'LICENSE'), join(process.cwd(), 'LICENSE'));
