#!/usr/bin/env node
// The `klartext` command's entry point: runs one command line and turns its outcome into the process's exit code.
import { ApiRequestError } from './api-client.ts';
import { exitAfterFlush } from './exit.ts';
import { run } from './program.ts';
import { KlartextError } from '../shared/errors.ts';

run(process.argv.slice(2)).then(
  (code) => exitAfterFlush(code),
  (err: unknown) => {
    // Our own errors and the API's refusals are written for people: no stack trace unless asked for.
    const debug = process.env.KLARTEXT_DEBUG === '1' || process.env.KLARTEXT_DEBUG === 'true';
    if (err instanceof KlartextError || err instanceof ApiRequestError) {
      console.error(`klartext: ${err.message}`);
      if (debug) console.error(err.stack);
    } else if (debug) {
      console.error(err);
    } else {
      const message = err instanceof Error ? err.message : String(err);
      console.error(`klartext: unexpected error: ${message.split('\n')[0]} (KLARTEXT_DEBUG=1 shows details)`);
    }
    exitAfterFlush(1);
  },
);
