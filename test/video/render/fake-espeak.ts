// A stand-in espeak-ng executable in a temporary directory, for testing engine selection without Debian packages.
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A 16-bit mono WAV at `rate` Hz: `seconds` of a 440 Hz tone, or of silence when `amplitude` is 0. */
export function toneWav(seconds: number, amplitude = 8000, rate = 22050): Buffer {
  const samples = Math.round(seconds * rate);
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++)
    buf.writeInt16LE(Math.round(amplitude * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return buf;
}

/** How the fake behaves when asked to speak. */
export type FakeBehaviour = 'speaks' | 'silent-wav' | 'fails' | 'hangs';

export interface FakeEspeak {
  /** A PATH value holding only the fake's directory. */
  path: string;
  bin: string;
  /** The argument lists of every call so far, one line each. */
  calls(): Promise<string[]>;
}

/** Writes an `espeak-ng` shell script under `parent` that answers `--version` and, for `-w <file>`, behaves as asked. */
export async function fakeEspeak(parent: string, behaviour: FakeBehaviour = 'speaks'): Promise<FakeEspeak> {
  const dir = await mkdtemp(join(parent, 'fake-espeak-'));
  const bin = join(dir, 'espeak-ng');
  const log = join(dir, 'calls.log');
  const sample = join(dir, 'sample.wav');
  await writeFile(sample, toneWav(1.5, behaviour === 'silent-wav' ? 0 : 8000));
  const act = {
    speaks: `cp '${sample}' "$out"`,
    'silent-wav': `cp '${sample}' "$out"`,
    fails: `echo "voice not found" >&2; exit 3`,
    hangs: 'sleep 30',
  }[behaviour];
  const script = `#!/bin/sh
echo "$@" >> '${log}'
if [ "$1" = "--version" ]; then echo "eSpeak NG text-to-speech: 9.9-fake  Data at: /nowhere"; exit 0; fi
out=""
while [ $# -gt 0 ]; do
  if [ "$1" = "-w" ]; then out="$2"; shift; fi
  shift
done
cat > /dev/null
${act}
`;
  await writeFile(bin, script);
  await chmod(bin, 0o755);
  return {
    path: dir,
    bin,
    calls: async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean),
  };
}
