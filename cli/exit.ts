// Ends the process once what it wrote has left: process.exit() right after a large write to a pipe drops the rest
// (stdout to a pipe is asynchronous), so a `--json` document read by another program would arrive cut off.

/** Exits with `code` after stdout and stderr have flushed everything written before this call. */
export function exitAfterFlush(code: number): void {
  process.exitCode = code;
  let pending = 2;
  // A write's callback runs once that chunk is out, and chunks leave in order; it runs on a closed pipe too.
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}
