import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { LowdbStorage, lowdbFileFor } from '../../../src/storage/lowdbStorage.js';
import { INDEX_SCRIPT, startBotProcess, type BotProcess } from '../../fixtures/botProcess.js';
import { silentLogger } from '../../support/silentLogger.js';
import { makeTempDir } from '../../support/tempDir.js';

async function listOrEmpty(directory: string): Promise<string[]> {
  try {
    return await readdir(directory, { recursive: true });
  } catch {
    return [];
  }
}

describe('a bot killed mid-stream (SIGKILL) and restarted on the same STATE_PATH', function () {
  // Two bot processes start one after the other; each loads the whole bot.
  this.timeout(120_000);
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const children: BotProcess[] = [];
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    for (const child of children.splice(0)) child.child.kill('SIGKILL');
    await temp.remove();
  });

  it('keeps every answered turn, takes over the dead lock, clears stale temporary files and opens cleanly', async () => {
    const env = { STATE_STORE: 'lowdb', STATE_PATH: temp.path, STATE_SWEEP_INTERVAL: '1s' };
    const first = await startBotProcess(INDEX_SCRIPT, env);
    children.push(first);

    // Four clients each send a stream of turns; every turn saves a new conversation and a new user's
    // language. The kill comes once 40 have been answered, with others still in flight.
    const answered: number[] = [];
    let next = 0;
    let isKilled = false;
    const client = async () => {
      while (!isKilled) {
        const index = next++;
        try {
          const { status, texts } = await first.say('English', `crash-${index}`, `user-${index}`);
          if (status === 200 && texts.length > 0) answered.push(index);
        } catch {
          // The connection died with the process: this turn was never answered.
        }
        if (answered.length >= 40 && !isKilled) {
          isKilled = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all([client(), client(), client(), client()]);
    await first.exited;
    expect(answered.length).to.be.at.least(40);

    // What a write cut off by the kill could leave beside a real item file.
    const victim = lowdbFileFor(temp.path, 'test/conversations/crash-0/');
    await mkdir(path.dirname(victim), { recursive: true });
    const temporary = path.join(path.dirname(victim), `.${path.basename(victim)}.tmp`);
    await writeFile(temporary, '{"key":"test/conversations/crash-0/","eTag":"x","sav');

    const second = await startBotProcess(INDEX_SCRIPT, env);
    children.push(second);
    expect((await fetch(`${second.url}/healthz`)).status).to.equal(200);
    const after = await second.say('English', 'after-restart', 'user-after');
    expect(after.status).to.equal(200);
    expect(after.texts.length).to.be.greaterThan(0);
    for (let wait = 0; wait < 100 && (await listOrEmpty(path.dirname(victim))).includes(path.basename(temporary)); wait += 1) await sleep(100);
    expect(await listOrEmpty(path.dirname(victim)), 'the sweep removed the stale temporary file').not.to.include(path.basename(temporary));

    second.child.kill('SIGTERM');
    expect(await second.exited, second.output()).to.equal(0);

    // Opening it here proves the lock was released; every answered turn must be in it.
    const store = await LowdbStorage.open({ directory: temp.path, logger: silentLogger });
    try {
      for (const index of answered) {
        const items = await store.read([`test/conversations/crash-${index}/`, `test/users/user-${index}/`]);
        expect(items[`test/conversations/crash-${index}/`]?.conversation, `conversation of answered turn ${index}`).to.deep.include({ locale: 'en-US' });
        expect(items[`test/users/user-${index}/`]?.profile, `user of answered turn ${index}`).to.deep.include({ locale: 'en-US' });
      }
    } finally {
      await store.close();
    }
    expect(await listOrEmpty(path.join(temp.path, 'corrupt')), 'nothing was found corrupt').to.deep.equal([]);
  });
});
