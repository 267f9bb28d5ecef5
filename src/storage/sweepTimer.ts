import type { Logger } from '../logger.js';

/** A background job that runs every `intervalMs`, never twice at once, and never keeps the process alive. */
export interface SweepTimer {
  /** Runs the job now (waiting for a run in progress first); tests and tools call it directly. */
  runNow(): Promise<void>;
  /** Stops scheduling and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Schedules `job` every `intervalMs` (0: never; `runNow` still works). The first run comes after
 * `min(intervalMs, firstDelayMs)`, so a restart cleans up soon without slowing start-up.
 */
export function startSweepTimer(job: () => Promise<unknown>, intervalMs: number, logger: Logger, firstDelayMs = 60_000): SweepTimer {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let isStopped = false;

  const run = (): Promise<void> => {
    running ??= job()
      .then(() => undefined)
      .catch((error: unknown) => logger.error({ err: error instanceof Error ? error.message : String(error) }, 'state sweep failed'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const schedule = (delayMs: number): void => {
    if (isStopped || intervalMs <= 0) return;
    timer = setTimeout(() => {
      void run().then(() => schedule(intervalMs));
    }, delayMs);
    timer.unref();
  };
  schedule(Math.min(intervalMs, firstDelayMs));

  return {
    async runNow() {
      await running;
      await run();
    },
    async stop() {
      isStopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
