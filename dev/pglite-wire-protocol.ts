// Pieces of the Postgres wire protocol the PGlite front needs: message framing, the session lock, error replies.

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

/** One holder of PGlite's single session at a time; waiters are served in arrival order. */
export class SessionLock {
  private owner: number | undefined;
  private readonly waiting: { id: number; grant: () => void }[] = [];

  async acquire(id: number): Promise<void> {
    if (this.owner === id) return;
    if (this.owner === undefined && this.waiting.length === 0) {
      this.owner = id;
      return;
    }
    await new Promise<void>((grant) => this.waiting.push({ id, grant }));
  }

  release(id: number): void {
    if (this.owner !== id) return;
    const next = this.waiting.shift();
    this.owner = next?.id;
    next?.grant();
  }
}

/** Splits complete protocol messages off `buffer`; `started` says whether the startup packet was seen. */
export function nextMessage(buffer: Buffer, started: boolean): { message: Buffer; kind: string } | undefined {
  if (!started) {
    if (buffer.length < 8) return undefined;
    const length = buffer.readInt32BE(0);
    if (buffer.length < length) return undefined;
    const code = buffer.readInt32BE(4);
    const kind =
      code === SSL_REQUEST ? 'ssl' : code === CANCEL_REQUEST ? 'cancel' : code === PROTOCOL_3 ? 'startup' : '?';
    return { message: buffer.subarray(0, length), kind };
  }
  if (buffer.length < 5) return undefined;
  const length = 1 + buffer.readInt32BE(1);
  if (buffer.length < length) return undefined;
  return { message: buffer.subarray(0, length), kind: String.fromCharCode(buffer[0]!) };
}

/** A FATAL ErrorResponse message with the given SQLSTATE and text. */
export function fatalError(sqlState: string, text: string): Buffer {
  const fields = Buffer.concat(
    [
      ['S', 'FATAL'],
      ['V', 'FATAL'],
      ['C', sqlState],
      ['M', text],
    ].map(([code, value]) => Buffer.from(`${code}${value}\0`, 'utf8')),
  );
  const body = Buffer.concat([fields, Buffer.from([0])]);
  const header = Buffer.alloc(5);
  header.write('E', 0, 'latin1');
  header.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([header, body]);
}
