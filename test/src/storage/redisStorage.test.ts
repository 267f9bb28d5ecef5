import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { RedisConversationLock } from '../../../src/storage/redisConversationLock.js';
import { RedisStorage } from '../../../src/storage/redisStorage.js';
import { LeaseLostError, StoreUnavailableError, type StateStore } from '../../../src/storage/stateStore.js';
import { silentLogger } from '../../support/silentLogger.js';
import { describeOptimisticWrites } from './optimisticWrites.js';
import { deleteKeys, isRedisReachable, skipLoudlyWithoutRedis, TEST_REDIS_URL, uniqueKeyPrefix } from './redisTestSupport.js';
import { describeStorageContract } from './storageContract.js';

const reachable = await isRedisReachable();
const CONVERSATION = 'webchat/conversations/c-1/';
const USER = 'webchat/users/u-1/';

describe('RedisStorage (the real Redis server)', function () {
  before(function () {
    skipLoudlyWithoutRedis(this, reachable);
  });

  const prefix = uniqueKeyPrefix();
  const open = (ttls = { conversationMs: 0, userMs: 0 }): Promise<RedisStorage> =>
    RedisStorage.open({ url: TEST_REDIS_URL, keyPrefix: prefix, logger: silentLogger, ttls });
  const cleanup = (): Promise<void> => deleteKeys(prefix);

  describeStorageContract('RedisStorage', { open, cleanup });
  describeOptimisticWrites('RedisStorage', { open, cleanup });

  describe('expiry', () => {
    let store: StateStore;
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    it('forgets conversation state idle for longer than its TTL, and keeps user state with a longer one', async () => {
      store = await open({ conversationMs: 300, userMs: 60_000 });
      await store.write({ [CONVERSATION]: { step: 1 }, [USER]: { language: 'en-US' } });
      await sleep(500);
      const items = await store.read([CONVERSATION, USER]);
      expect(items[CONVERSATION]).to.equal(undefined);
      expect(items[USER]?.language).to.equal('en-US');
    });

    it('keeps state alive while it is being read', async () => {
      store = await open({ conversationMs: 400, userMs: 0 });
      await store.write({ [CONVERSATION]: { step: 1 } });
      for (let read = 0; read < 6; read += 1) {
        await sleep(150);
        expect((await store.read([CONVERSATION]))[CONVERSATION]?.step, `read ${read + 1}`).to.equal(1);
      }
    });

    it('gives Redis the TTL of each kind of key, and none to keys of the application', async () => {
      store = await open({ conversationMs: 60_000, userMs: 120_000 });
      await store.write({ [CONVERSATION]: { step: 1 }, [USER]: { language: 'zh-CN' }, 'feedback/totals': { total: 1 } });
      const client = new Redis(TEST_REDIS_URL);
      try {
        const ttls = await Promise.all([CONVERSATION, USER, 'feedback/totals'].map((key) => client.pttl(`${prefix}state:${key}`)));
        expect(ttls[0]).to.be.within(59_000, 60_000);
        expect(ttls[1]).to.be.within(119_000, 120_000);
        expect(ttls[2]).to.equal(-1);
      } finally {
        client.disconnect();
      }
    });
  });

  describe('conversation lock', () => {
    const stores: RedisStorage[] = [];
    afterEach(async () => {
      await Promise.all(stores.splice(0).map((store) => store.close()));
      await cleanup();
    });

    it('runs the turns of one conversation one at a time across two connections, so no update is lost', async () => {
      const [first, second] = [await open(), await open()];
      stores.push(first, second);
      // Each "turn" reads, waits, then writes without any eTag: only the lock can keep these 20 increments.
      const turn = (store: RedisStorage) =>
        store.conversationLock.withLock(CONVERSATION, async () => {
          const current = ((await store.read([CONVERSATION]))[CONVERSATION]?.count as number | undefined) ?? 0;
          await sleep(2);
          await store.write({ [CONVERSATION]: { count: current + 1 } });
        });
      await Promise.all(Array.from({ length: 20 }, (_, index) => turn(index % 2 === 0 ? first : second)));
      expect((await first.read([CONVERSATION]))[CONVERSATION]?.count).to.equal(20);
    });

    it('waits for the lease of an instance that died mid-turn to run out, then takes over', async () => {
      const store = await open();
      stores.push(store);
      const client = new Redis(TEST_REDIS_URL);
      await client.set(`${prefix}lock:${CONVERSATION}`, 'a-dead-instance', 'PX', 300);
      client.disconnect();
      const started = Date.now();
      await store.conversationLock.withLock(CONVERSATION, async () => undefined);
      expect(Date.now() - started).to.be.at.least(250);
    });

    it('refuses a fenced write once the lease has passed to another instance, and writes nothing', async () => {
      const store = await open();
      stores.push(store);
      const client = new Redis(TEST_REDIS_URL);
      let error: unknown;
      try {
        await store.conversationLock.withLock(CONVERSATION, async (fence) => {
          // As if this turn stalled past its lease and another instance took the conversation over.
          await client.set(fence.lockKey, 'another-instance', 'PX', 30_000);
          await store.write({ [CONVERSATION]: { step: 'stale' } }, { fence }).catch((caught: unknown) => {
            error = caught;
          });
        });
        expect(error).to.be.instanceOf(LeaseLostError);
        expect(await store.read([CONVERSATION])).to.deep.equal({});
        expect(await client.get(`${prefix}lock:${CONVERSATION}`), "the stale holder must not release the new holder's lease").to.equal('another-instance');
      } finally {
        client.disconnect();
      }
    });

    it('lets a fenced write through while the lease is held', async () => {
      const store = await open();
      stores.push(store);
      await store.conversationLock.withLock(CONVERSATION, (fence) => store.write({ [CONVERSATION]: { step: 2 } }, { fence }));
      expect((await store.read([CONVERSATION]))[CONVERSATION]?.step).to.equal(2);
    });

    it('renews the lease while a long turn runs', async () => {
      const store = await open();
      stores.push(store);
      const client = new Redis(TEST_REDIS_URL);
      const lock = new RedisConversationLock({ client, keyPrefix: prefix, logger: silentLogger, leaseMs: 150 });
      try {
        await lock.withLock(CONVERSATION, async (fence) => {
          await sleep(500);
          await store.write({ [CONVERSATION]: { step: 3 } }, { fence });
        });
      } finally {
        client.disconnect();
      }
      expect((await store.read([CONVERSATION]))[CONVERSATION]?.step).to.equal(3);
    });
  });

  it('refuses to start when Redis cannot be reached, saying where it looked and what to do', async () => {
    let error: unknown;
    try {
      await RedisStorage.open({ url: 'redis://:secret@127.0.0.1:1', keyPrefix: prefix, logger: silentLogger, connectTimeoutMs: 500 });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(StoreUnavailableError);
    expect((error as Error).message).to.match(/Cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1.*REDIS_URL/);
    expect((error as Error).message).not.to.include('secret');
  });
});
