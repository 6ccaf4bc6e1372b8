import type { FastifyBaseLogger } from 'fastify';

/** A background loop that runs `pass` every interval; one pass at a time per process. */
export type Poller = {
  /** Runs a pass now (or joins the one in progress); resolves with how much it handled. */
  runOnce(): Promise<number>;
  /** Stops the loop and waits for the pass in progress. */
  stop(): Promise<void>;
};

export function startPoller(
  pass: () => Promise<number>,
  options: { intervalMs: number; logger: FastifyBaseLogger; label: string; autoStart?: boolean },
): Poller {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;

  function runOnce(): Promise<number> {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      runOnce()
        .catch((error: unknown) => options.logger.error({ err: error }, `${options.label} pass failed`))
        .finally(schedule);
    }, options.intervalMs);
  }
  if (options.autoStart !== false) schedule();

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
