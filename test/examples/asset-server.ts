// A stand-in for klartext's asset and provenance-key routes, so the receiver example can download through its links.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Hex SHA-256 of some bytes. */
export const sha256Hex = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** A running asset server: `url` is the public base URL to put in delivery links. */
export interface AssetServer {
  url: string;
  /** SHA-256 of the manifest bytes as served (what a delivery's `manifest.sha256` names). */
  manifestSha256: string;
  /** Every requested path with its query, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves `video.mp4` and `manifest.json` of any segment under `/assets/…` (the link signature is not checked here:
 * the receiver only passes it on) and the key set at `/.well-known/klartext-provenance-keys.json`.
 */
export async function startAssetServer(files: { video: Uint8Array; manifest: object; keySet: object }) {
  const manifest = `${JSON.stringify(files.manifest, null, 2)}\n`;
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push(url);
    const path = url.split('?')[0] ?? '';
    if (path.startsWith('/assets/') && path.endsWith('/video.mp4')) {
      res.writeHead(200, { 'content-type': 'video/mp4' }).end(files.video);
    } else if (path.startsWith('/assets/') && path.endsWith('/manifest.json')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(manifest);
    } else if (path === '/.well-known/klartext-provenance-keys.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(files.keySet));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    manifestSha256: sha256Hex(manifest),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  } satisfies AssetServer;
}
