/** Ctrl-C (SIGINT) and SIGTERM for long commands: they abort the work; what was saved stays, and the command says so. */
export interface Interrupt {
  /** Aborted by SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /**
   * True (after telling the user, exit status 130) when `signal` was aborted: the error is the interruption's.
   *
   * @param out - the folder every finished run is saved in.
   */
  handled(out: string): boolean;
  /** Removes the signal handlers. */
  dispose(): void;
}

/** Installs SIGINT and SIGTERM handlers that abort {@link Interrupt.signal}. */
export function onInterrupt(): Interrupt {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    handled(out) {
      if (!controller.signal.aborted) return false;
      process.stderr.write(`\ninterrupted: every finished run is saved in ${out}; run the same command again to resume\n`);
      process.exitCode = 130;
      return true;
    },
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
