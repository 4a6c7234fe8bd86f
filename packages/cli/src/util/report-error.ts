import { LimitError } from '@limit/core';

/**
 * One line describing a failure for the CLI's stderr: a limit error as `Class: message`, a file-system error with
 * its code (`Error [ENOSPC]: cannot write …`), anything else as `Class: message` with a hint to re-run with
 * `--debug` (which prints the stack as well). Newlines inside messages are folded, so a failure is one line.
 *
 * @param error - anything thrown.
 * @returns the line, without the `limit: ` prefix.
 * @example
 * ```ts
 * process.stderr.write(`limit: ${describeError(error)}\n`);
 * ```
 */
export function describeError(error: unknown): string {
  const fold = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();
  if (LimitError.isInstance(error)) return fold(`${error.name}: ${error.message}`);
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) return fold(`${error.name} [${code}]: ${error.message}`);
    return fold(`${error.name}: ${error.message} (unexpected: run again with --debug for the stack, and please report it)`);
  }
  return fold(`Error: ${String(error)}`);
}
