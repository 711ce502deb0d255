// A Postgres wire-protocol front for PGlite that runs each client's message batch whole: PGlite has one session,
// so a Parse/Bind/Execute/Sync from one connection must never interleave with another's, and an open transaction
// keeps the session for its connection until it ends — or until it sits idle past the limit.
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { SessionLock, fatalError, nextMessage } from './pglite-wire-protocol.ts';

export interface PgliteWireServer {
  /** `host:port` the server listens on. */
  address: string;
  stop(): Promise<void>;
}

export interface PgliteWireOptions {
  /** A transaction idle longer than this is rolled back and its connection closed with 25P03 (default 30 s). */
  idleInTransactionMs?: number;
}

/** Serves `db` on `host:port` (0: a free port). */
export async function serveWire(
  db: PGlite,
  host: string,
  port: number,
  opts: PgliteWireOptions = {},
): Promise<PgliteWireServer> {
  const idleLimit = opts.idleInTransactionMs ?? 30_000;
  const lock = new SessionLock();
  const sockets = new Set<Socket>();
  let nextId = 1;
  // Settings a client changed must not reach the next one: the shared session is reset around each connection.
  const cleanSession = async () => {
    if (db.isInTransaction()) await db.exec('ROLLBACK').catch(() => undefined);
    await db.exec('RESET ALL').catch(() => undefined);
  };

  const handle = (socket: Socket) => {
    const id = nextId++;
    sockets.add(socket);
    socket.setNoDelay(true);
    let buffer = Buffer.alloc(0);
    let started = false;
    let holding = false;
    let ended = false;
    let idleTimer: NodeJS.Timeout | undefined;
    let activity = 0;
    // Chunks are processed strictly in order, one at a time, per connection.
    let chain = Promise.resolve();

    const run = async (message: Buffer, kind: string) => {
      if (!holding) {
        await lock.acquire(id);
        holding = true;
      }
      if (kind === 'startup') await cleanSession();
      await db.runExclusive(() =>
        db.execProtocolRawStream(new Uint8Array(message), {
          onRawData: (data: Uint8Array) => {
            if (data.length > 0 && socket.writable) socket.write(data);
          },
        }),
      );
    };
    const expireIdle = (seen: number) => {
      chain = chain.then(async () => {
        if (ended || seen !== activity || !holding || !db.isInTransaction()) return;
        ended = true;
        await cleanSession();
        holding = false;
        lock.release(id);
        const text = `terminating connection due to idle-in-transaction timeout (${idleLimit} ms); the transaction was rolled back`;
        socket.end(fatalError('25P03', text));
      });
    };
    const endOfBatch = () => {
      // Sync, a simple query or the startup ends a batch; an open transaction keeps the session for this client.
      if (holding && !db.isInTransaction()) {
        holding = false;
        lock.release(id);
      } else if (holding) {
        const seen = activity;
        idleTimer = setTimeout(() => expireIdle(seen), idleLimit);
      }
    };

    const drain = async () => {
      for (;;) {
        if (ended) return;
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
        await run(next.message, next.kind);
        if (next.kind === 'startup' || next.kind === 'S' || next.kind === 'Q') endOfBatch();
      }
    };

    socket.on('data', (chunk: Buffer) => {
      activity++;
      clearTimeout(idleTimer);
      buffer = Buffer.concat([buffer, chunk]);
      chain = chain.then(drain).catch(() => void socket.destroy());
    });
    const close = () => {
      sockets.delete(socket);
      clearTimeout(idleTimer);
      chain = chain
        .then(async () => {
          ended = true;
          if (!started) return;
          // A client gone (mid-transaction or not) leaves neither its transaction nor its settings behind.
          if (!holding) await lock.acquire(id);
          holding = true;
          await cleanSession();
          holding = false;
          lock.release(id);
        })
        .catch(() => undefined);
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
