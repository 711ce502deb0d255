// A Postgres wire-protocol front for PGlite that runs each client's message batch whole: PGlite has one session,
// so a Parse/Bind/Execute/Sync from one connection must never interleave with another's, and an open transaction
// keeps the session for its connection until it ends.
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

/** One holder of PGlite's single session at a time; waiters are served in arrival order. */
class SessionLock {
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
function nextMessage(buffer: Buffer, started: boolean): { message: Buffer; kind: string } | undefined {
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

export interface PgliteWireServer {
  /** `host:port` the server listens on. */
  address: string;
  stop(): Promise<void>;
}

/** Serves `db` on `host:port` (0: a free port). */
export async function serveWire(db: PGlite, host: string, port: number): Promise<PgliteWireServer> {
  const lock = new SessionLock();
  const sockets = new Set<Socket>();
  let nextId = 1;

  const handle = (socket: Socket) => {
    const id = nextId++;
    sockets.add(socket);
    socket.setNoDelay(true);
    let buffer = Buffer.alloc(0);
    let started = false;
    let holding = false;
    // Chunks are processed strictly in order, one at a time, per connection.
    let chain = Promise.resolve();

    const run = async (message: Buffer) => {
      if (!holding) {
        await lock.acquire(id);
        holding = true;
      }
      await db.runExclusive(() =>
        db.execProtocolRawStream(new Uint8Array(message), {
          onRawData: (data: Uint8Array) => {
            if (data.length > 0 && socket.writable) socket.write(data);
          },
        }),
      );
    };
    const endOfBatch = () => {
      // Sync, a simple query or the startup ends a batch; an open transaction keeps the session for this client.
      if (holding && !db.isInTransaction()) {
        holding = false;
        lock.release(id);
      }
    };

    const drain = async () => {
      for (;;) {
        const next = nextMessage(buffer, started);
        if (!next) return;
        buffer = buffer.subarray(next.message.length);
        if (next.kind === 'ssl') {
          socket.write('N');
          continue;
        }
        if (next.kind === 'cancel') continue;
        if (next.kind === 'X') {
          socket.end();
          return;
        }
        if (next.kind === 'startup') started = true;
        await run(next.message);
        if (next.kind === 'startup' || next.kind === 'S' || next.kind === 'Q') endOfBatch();
      }
    };

    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      chain = chain.then(drain).catch(() => void socket.destroy());
    });
    const close = () => {
      sockets.delete(socket);
      chain = chain.then(async () => {
        if (!holding) return;
        // A client gone mid-transaction must not leave the session locked or the transaction open.
        if (db.isInTransaction()) await db.exec('ROLLBACK').catch(() => undefined);
        holding = false;
        lock.release(id);
      });
    };
    socket.on('close', close);
    socket.on('error', () => socket.destroy());
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const info = server.address();
  const bound = typeof info === 'object' && info ? info.port : port;
  return {
    address: `${host}:${bound}`,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
