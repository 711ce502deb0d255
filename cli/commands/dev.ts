// `klartext dev`: keeps the embedded stack running until Ctrl-C; the process itself is dev/main.ts.
import { main } from '../../dev/main.ts';

export function runDev(): Promise<number> {
  return main();
}
