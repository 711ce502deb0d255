// Runs the npm WebAssembly build of eSpeak NG as a program of its own: text on stdin, a WAV file to the given path.
// Plain JavaScript on purpose: Node does not strip TypeScript types inside node_modules, where klartext may run from.
// The build is GPL-3.0-or-later; klartext (Apache-2.0) only starts it as a separate process, like a system binary.
import { writeFileSync } from 'node:fs';
import ESpeakNg from 'espeak-ng';

const USAGE = 'usage: node espeak-ng-runner.js <voice> <out.wav> < text, or --version';

/**
 * Runs the eSpeak NG command line once; `input` is written to /in.txt before it starts.
 * @param {string[]} args
 * @param {string} [input]
 */
async function espeak(args, input) {
  /** @type {string[]} */
  const errors = [];
  /** @type {any} */
  let module;
  // Settles when the program exits (onExit) or the runtime's promise resolves, whichever comes first: a program
  // that calls exit() while the runtime starts may leave that promise pending, and the process waiting for nothing.
  await new Promise((resolve, reject) => {
    ESpeakNg({
      arguments: args,
      preRun: [
        (/** @type {any} */ m) => {
          module = m;
          if (input !== undefined) m.FS.writeFile('/in.txt', input);
        },
      ],
      print: (/** @type {string} */ line) => process.stdout.write(`${line}\n`),
      // The Emscripten runtime's note on exiting with a kept-alive runtime is no error of eSpeak NG.
      printErr: (/** @type {string} */ line) => (/keepRuntimeAlive/.test(line) ? undefined : errors.push(line)),
      onExit: () => resolve(undefined),
    }).then((/** @type {any} */ instance) => {
      module ??= instance;
      resolve(undefined);
    }, reject);
  });
  return { instance: module, errors };
}

async function readStdin() {
  /** @type {Buffer[]} */
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** @param {string[]} argv */
async function main(argv) {
  if (argv[0] === '--version') {
    const { errors } = await espeak(['--version']);
    if (errors.length > 0) throw new Error(errors.join('\n'));
    return;
  }
  const [voice, outWav] = argv;
  if (!voice || !outWav || argv.length !== 2) throw new Error(USAGE);
  const text = await readStdin();
  // Text comes from a file, never from the argument list, so a sentence starting with "-" is not read as an option.
  const { instance, errors } = await espeak(['-b', '1', '-v', voice, '-w', '/out.wav', '-f', '/in.txt'], text);
  let wav;
  try {
    wav = instance.FS.readFile('/out.wav');
  } catch {
    throw new Error(`eSpeak NG wrote no audio (voice ${voice}): ${errors.join(' ') || 'no reason given'}`);
  }
  writeFileSync(outWav, wav);
}

try {
  await main(process.argv.slice(2));
  // The Emscripten runtime may keep the event loop alive; the work is done.
  process.exit(0);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
