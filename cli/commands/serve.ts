// `klartext serve`: the API and reviewer workspace only, joining a deployment; the process itself is server/main.ts.
import { main } from '../../server/main.ts';

export function runServe(): Promise<number> {
  return main();
}
