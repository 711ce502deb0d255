// Low-level CSV text helpers: delimiter detection, the position of every cell, and decoding bytes to UTF-8 in chunks.
import { isAscii, isUtf8 } from 'node:buffer';
import type { InputError } from '../shared/errors.ts';
import { inputErrorAt } from '../campaign/yaml-source.ts';
import type { Position } from '../campaign/yaml-source.ts';

/** Delimiters a segment table may use, in order of preference when counts tie. */
export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** Picks the delimiter occurring most often outside quotes in the header line (`,` when none occurs). */
export function detectDelimiter(text: string): Delimiter {
  const end = text.indexOf('\n');
  const header = end === -1 ? text : text.slice(0, end);
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch as Delimiter))
      counts.set(ch as Delimiter, (counts.get(ch as Delimiter) ?? 0) + 1);
  }
  let best: Delimiter = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** Offsets at which each line starts; index 0 is line 1. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/**
 * Positions of the first `count` cells of the record starting at `line`, honouring quotes (a quoted cell may span
 * lines). A cell's position is its first non-blank character.
 */
export function cellPositions(
  text: string,
  starts: readonly number[],
  line: number,
  delimiter: Delimiter,
  count: number,
): Position[] {
  const positions: Position[] = [];
  let offset = starts[line - 1] ?? 0;
  let [row, column] = [line, 1];
  let quoted = false;
  let atCellStart = true;
  while (positions.length < count && offset <= text.length) {
    const ch = text[offset];
    if (atCellStart && (ch === ' ' || (ch === '\t' && delimiter !== '\t'))) {
      [offset, column] = [offset + 1, column + 1];
      continue;
    }
    if (atCellStart) positions.push({ line: row, column });
    atCellStart = false;
    if (ch === undefined || (!quoted && (ch === '\n' || ch === '\r'))) break;
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) atCellStart = true;
    if (ch === '\n') [row, column] = [row + 1, 0];
    [offset, column] = [offset + 1, column + 1];
  }
  return positions;
}

/** Number of `\n` in `text`. */
export function countNewlines(text: string | Buffer): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Turns a file's bytes, chunk by chunk, into UTF-8 bytes; see {@link createByteDecoder}. */
export interface ByteDecoder {
  /** The encoding read, which may switch from `utf-8` to `windows-1252` (only while everything so far was ASCII). */
  encoding: 'utf-8' | 'windows-1252';
  /** Returns the UTF-8 bytes for `chunk`, holding back a multi-byte sequence split at its end. */
  write(chunk: Buffer): Buffer;
  /** Returns what is held back. */
  end(): Buffer;
}

const NO_BYTES = Buffer.alloc(0);

/**
 * Creates a decoder for UTF-8 or Windows-1252 bytes. UTF-8 input passes through after validation; with `fallBack`,
 * input that was pure ASCII up to its first invalid UTF-8 byte is read as Windows-1252 from there on.
 * @throws InputError at the line and column of the first byte that is not UTF-8, when it cannot fall back.
 */
export function createByteDecoder(path: string, encoding: ByteDecoder['encoding'], fallBack: boolean): ByteDecoder {
  let cp1252 = encoding === 'windows-1252' ? new TextDecoder('windows-1252') : undefined;
  let [pending, ascii, line] = [NO_BYTES, true, 1];
  const invalid = (data: Buffer): Buffer => {
    const text = data.toString('utf8');
    const before = text.slice(0, Math.max(0, text.indexOf('\uFFFD')));
    const mixed = !ascii || Buffer.byteLength(before) !== before.length;
    if (!fallBack || mixed) throw notUtf8(path, before, line, mixed);
    // Everything before was ASCII, which reads the same in Windows-1252: switch without going back.
    [cp1252, decoder.encoding, pending] = [new TextDecoder('windows-1252'), 'windows-1252', NO_BYTES];
    return Buffer.from(cp1252.decode(data), 'utf8');
  };
  const decoder: ByteDecoder = {
    encoding,
    write(chunk) {
      if (cp1252) return Buffer.from(cp1252.decode(chunk), 'utf8');
      const data = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const body = data.subarray(0, data.length - incompleteTail(data));
      if (!isUtf8(body)) return invalid(data);
      pending = Buffer.from(data.subarray(body.length));
      if (ascii && !isAscii(body)) ascii = false;
      line += countNewlines(body);
      return body;
    },
    end: () => (cp1252 || pending.length === 0 ? NO_BYTES : invalid(pending)),
  };
  return decoder;
}

/** Length of an unfinished UTF-8 sequence at the end of `bytes` (0 when it ends on a complete character). */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? back : 0;
  }
  return 0;
}

function notUtf8(path: string, before: string, line: number, mixed: boolean): InputError {
  const position = { line: line + countNewlines(before), column: before.length - before.lastIndexOf('\n') };
  const what = mixed
    ? 'the file mixes encodings: these bytes are not UTF-8, but earlier text is'
    : 'bytes here are not UTF-8';
  const fix = 'save the file again as "CSV UTF-8", or set the encoding to windows-1252 if it was saved that way';
  return inputErrorAt(path, position, `${what}; ${fix}`);
}
