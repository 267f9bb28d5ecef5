import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** What a child Node process run under another TZ printed, plus the zone it really ran in. */
export interface TimeZoneRun<T> {
  /** The zone the child's Date used, as Intl reports it: proves TZ took effect. */
  processTimeZone: string;
  output: T;
}

/**
 * Runs ES module `source` in a fresh Node process whose TZ is `timeZone`. A fresh process is the
 * reliable way: Node reads TZ at start-up, and changing it mid-test would leak into other tests.
 * `source` must assign its JSON-serialisable answer to `globalThis.output`.
 */
export async function runInTimeZone<T>(timeZone: string, source: string): Promise<TimeZoneRun<T>> {
  const program = `${source}
process.stdout.write(JSON.stringify({
  processTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  output: globalThis.output,
}));`;
  const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '--eval', program], {
    env: { ...process.env, TZ: timeZone },
  });
  return JSON.parse(stdout) as TimeZoneRun<T>;
}
