import type { StoreItems } from 'botbuilder';
import { expect } from 'chai';
import { CREATE_ONLY_ETAG, StorageConflictError, type StateStore } from '../../../src/storage/stateStore.js';

/** How a run of these specifications gets a fresh store, and removes it afterwards. */
export interface OptimisticStoreUnderTest {
  open(): Promise<StateStore>;
  cleanup?(): Promise<void>;
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to be rejected');
}

/**
 * What optimistic concurrency needs of a store, beyond botbuilder's contract: create-only writes,
 * all-or-nothing multi-item writes, and new eTags handed back. Run for memory, lowdb and Redis.
 */
export function describeOptimisticWrites(name: string, subject: OptimisticStoreUnderTest): void {
  describe(`${name}: optimistic writes`, () => {
    let store: StateStore;
    beforeEach(async () => {
      store = await subject.open();
    });
    afterEach(async () => {
      await store.close();
      await subject.cleanup?.();
    });

    it('creates an item with the create-only eTag when there is none', async () => {
      await store.write({ item: { count: 1, eTag: CREATE_ONLY_ETAG } });
      expect((await store.read(['item'])).item?.count).to.equal(1);
    });

    it('refuses a create-only write when the item already exists, and keeps it', async () => {
      await store.write({ item: { count: 1 } });
      const error = await rejectionOf(store.write({ item: { count: 2, eTag: CREATE_ONLY_ETAG } }));
      expect(error).to.be.instanceOf(StorageConflictError).and.to.have.property('key', 'item');
      expect((await store.read(['item'])).item?.count).to.equal(1);
    });

    it('writes nothing when one item of a multi-item write conflicts', async () => {
      await store.write({ conversation: { turn: 1 }, user: { language: 'zh-CN' } });
      const stale = await store.read(['conversation', 'user']);
      await store.write({ user: { ...stale.user, language: 'en-US' } });
      const error = await rejectionOf(store.write({ conversation: { ...stale.conversation, turn: 2 }, user: { ...stale.user, language: 'zh-CN' } }));
      expect(error).to.be.instanceOf(StorageConflictError).and.to.have.property('key', 'user');
      const after = await store.read(['conversation', 'user']);
      expect(after.conversation?.turn, 'the conversation item must not be half-saved').to.equal(1);
      expect(after.user?.language).to.equal('en-US');
    });

    it('puts the new eTag on each written item, so the writer can write it again', async () => {
      const item: Record<string, unknown> = { count: 1, eTag: CREATE_ONLY_ETAG };
      await store.write({ item });
      expect(item.eTag).to.be.a('string').and.not.equal(CREATE_ONLY_ETAG);
      expect(item.eTag).to.equal((await store.read(['item'])).item?.eTag);
      item.count = 2;
      await store.write({ item });
      expect((await store.read(['item'])).item?.count).to.equal(2);
    });

    it('keeps all 40 increments made at once by writers that re-read and retry on a conflict', async () => {
      const increment = async (): Promise<number> => {
        for (let attempt = 1; ; attempt += 1) {
          const items: StoreItems = await store.read(['counter']);
          const current = items.counter as { value: number; eTag: string } | undefined;
          try {
            await store.write({ counter: { value: (current?.value ?? 0) + 1, eTag: current?.eTag ?? CREATE_ONLY_ETAG } });
            return attempt;
          } catch (error) {
            if (!(error instanceof StorageConflictError)) throw error;
          }
        }
      };
      const attempts = await Promise.all(Array.from({ length: 40 }, () => increment()));
      expect((await store.read(['counter'])).counter?.value).to.equal(40);
      expect(attempts.some((count) => count > 1), 'the writers really did collide').to.equal(true);
    });
  });
}
