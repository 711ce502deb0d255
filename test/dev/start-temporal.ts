// Test helper process: takes the data directory's lock and starts the persisted embedded Temporal as `klartext dev`
// does, prints `{ pid, address }` and runs until killed. Usage: node start-temporal.ts <dataDir> <port>.
import { resolve } from 'node:path';
import { acquireDataDirLock } from '../../dev/lock.ts';
import { startEmbeddedTemporal } from '../../dev/temporal-dev-server.ts';

const [dataDir, port] = process.argv.slice(2);
await acquireDataDirLock(dataDir!);
const temporal = await startEmbeddedTemporal({
  env: process.env,
  dataDir: dataDir!,
  cacheDir: resolve(import.meta.dirname, '../../.cache'),
  port: Number(port),
  uiPort: 0,
  ui: false,
  persist: true,
  log: (l) => console.error(l),
});
console.log(JSON.stringify({ pid: temporal.pid, address: temporal.address }));
setInterval(() => undefined, 60_000);
