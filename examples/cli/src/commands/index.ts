import type { Command } from 'commander';
import { registerDemo } from './demo.js';
import { registerGenerate } from './generate.js';

/** Every command of the app; each lives in its own file and registers itself on the program. */
export function registerCommands(program: Command): void {
  registerDemo(program);
  registerGenerate(program);
}
