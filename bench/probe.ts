// Preloaded into each benchmarked server (`node --import probe.js server.js`): measures, inside the
// server process, how long its event loop was blocked and how much memory it used, and reports over
// the IPC channel the benchmark opened. Loaded only by the benchmark; the app knows nothing of it.
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

/** What the probe reports for the span since the last reset. */
export interface ProbeReport {
  maxDelayMs: number;
  p99DelayMs: number;
  peakRssMb: number;
  /** CPU time the server used (all its threads), in milliseconds. */
  cpuMs: number;
  /** The longest garbage-collection pause on the main thread, in milliseconds: what a stall owes to the collector. */
  maxGcPauseMs: number;
}

/** Messages the benchmark sends to the probe. */
export type ProbeCommand = { type: 'reset' } | { type: 'report' };

const send = process.send?.bind(process);
if (send) {
  const delay = monitorEventLoopDelay({ resolution: 2 });
  delay.enable();
  let peakRss = process.memoryUsage.rss();
  let cpuAtReset = process.cpuUsage();
  let maxGcPause = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) maxGcPause = Math.max(maxGcPause, entry.duration);
  }).observe({ entryTypes: ['gc'] });
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 50);
  sampler.unref();
  process.on('message', (command: ProbeCommand) => {
    if (command.type === 'reset') {
      delay.reset();
      peakRss = process.memoryUsage.rss();
      cpuAtReset = process.cpuUsage();
      maxGcPause = 0;
      return;
    }
    const report: ProbeReport = {
      maxDelayMs: delay.max / 1e6,
      p99DelayMs: delay.percentile(99) / 1e6,
      peakRssMb: Math.max(peakRss, process.memoryUsage.rss()) / 2 ** 20,
      cpuMs: ((cpu) => (cpu.user + cpu.system) / 1_000)(process.cpuUsage(cpuAtReset)),
      maxGcPauseMs: maxGcPause,
    };
    send(report);
  });
}
