// `klartext worker`: a worker process only, for scaling out; the process itself is worker/main.ts.
import { main } from '../../worker/main.ts';

export function runWorker(): Promise<number> {
  return main();
}
