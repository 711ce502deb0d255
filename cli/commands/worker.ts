// `klartext worker`: a worker process only, for scaling out; the process itself is worker/main.ts.
import { loadConfig } from '../../config/config.ts';
import { main } from '../../worker/main.ts';

/** `queues` (`--queues llm,video`) wins over KLARTEXT_TASK_QUEUES; both name base queues, without the prefix. */
export function runWorker(opts: { queues?: string } = {}, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return main(loadConfig(opts.queues === undefined ? env : { ...env, KLARTEXT_TASK_QUEUES: opts.queues }));
}
