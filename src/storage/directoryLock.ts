import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import type { Logger } from '../logger.js';

/** Raised when another live process already uses the directory. */
export class DirectoryLockedError extends Error {
  override readonly name = 'DirectoryLockedError';
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the inter-process lock on a state directory (proper-lockfile: a lock folder whose mtime
 * the holder refreshes). A lock left by a killed process on this host is taken over at once
 * (its pid is recorded beside it); a lock held by a live process is refused with a clear message.
 */
export async function lockDirectory(directory: string, logger: Logger): Promise<() => Promise<void>> {
  await mkdir(directory, { recursive: true });
  const lockfilePath = path.join(directory, '.lock');
  const ownerPath = path.join(directory, '.lock-owner.json');
  const options = {
    lockfilePath,
    stale: 10_000,
    update: 2_000,
    realpath: false,
    onCompromised: (error: Error) => logger.error({ err: error.message }, 'state directory lock was compromised'),
  };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(directory, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const owner = await readOwner(ownerPath);
    if (owner && owner.host === hostname() && !isProcessAlive(owner.pid)) {
      logger.warn({ stalePid: owner.pid }, 'taking over the state lock left by a process that is no longer running');
      await rm(lockfilePath, { recursive: true, force: true });
      release = await lockfile.lock(directory, options);
    } else {
      const who = owner ? ` by process ${owner.pid} on ${owner.host}` : '';
      throw new DirectoryLockedError(
        `STATE_PATH ${directory} is in use${who}. Stop that bot, or give this one another STATE_PATH (or STATE_STORE=redis for several instances).`,
      );
    }
  }
  await writeFile(ownerPath, JSON.stringify({ pid: process.pid, host: hostname() }));
  return async () => {
    await rm(ownerPath, { force: true });
    await release();
  };
}

async function readOwner(ownerPath: string): Promise<{ pid: number; host: string } | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(ownerPath, 'utf8'));
    if (parsed && typeof parsed === 'object' && 'pid' in parsed && 'host' in parsed) {
      const { pid, host } = parsed as { pid: unknown; host: unknown };
      if (typeof pid === 'number' && typeof host === 'string') return { pid, host };
    }
  } catch {
    // No owner file (or a torn one): treat the lock as held by someone unknown.
  }
  return undefined;
}
