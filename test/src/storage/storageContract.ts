import { ConversationState, TestAdapter, type Storage } from 'botbuilder';
import { DialogSet, TextPrompt, WaterfallDialog, type DialogState } from 'botbuilder-dialogs';
import { expect } from 'chai';
import type { StateStore } from '../../../src/storage/stateStore.js';

/** How a contract run gets its store: `open` may be called again to reopen the same data (a restart). */
export interface StoreUnderTest {
  open(): Promise<StateStore>;
  /** Removes what the run left behind. */
  cleanup?(): Promise<void>;
}

const ODD_KEYS = [
  'emulator/conversations/abc|livechat/',
  'msteams/users/29:1abc-DEF_ghi==/',
  'keys with spaces and ../../etc/passwd',
  '中文键/用户/张三',
  'emoji 🙂 and \u202e rtl',
  `long-${'x'.repeat(2_000)}`,
];

/**
 * The behaviour every StateStore shares with botbuilder's MemoryStorage. Run once per store:
 * memory, lowdb and Redis.
 */
export function describeStorageContract(name: string, subject: StoreUnderTest): void {
  describe(`${name} storage contract`, () => {
    let store: StateStore;

    beforeEach(async () => {
      store = await subject.open();
    });
    afterEach(async () => {
      await store.close();
      await subject.cleanup?.();
    });

    it('leaves unknown keys out of the result', async () => {
      await store.write({ known: { value: 1 } });
      const items = await store.read(['known', 'unknown']);
      expect(Object.keys(items)).to.deep.equal(['known']);
    });

    it('returns what was written, with an eTag', async () => {
      await store.write({ item: { count: 3, nested: { list: [1, 2] } } });
      const { item } = await store.read(['item']);
      expect(item).to.include({ count: 3 });
      expect(item?.nested).to.deep.equal({ list: [1, 2] });
      expect(item?.eTag).to.be.a('string').and.not.equal('*');
    });

    it('keeps what it stored apart from the objects a caller wrote or read, however the caller changes them', async () => {
      const written = { count: 1, nested: { list: [1] } };
      await store.write({ item: written });
      written.nested.list.push(2);
      const firstRead = (await store.read(['item'])).item as typeof written;
      firstRead.count = 99;
      firstRead.nested.list.push(3);
      const secondRead = (await store.read(['item'])).item as typeof written;
      expect(secondRead).to.include({ count: 1 });
      expect(secondRead.nested).to.deep.equal({ list: [1] });
    });

    it('rejects a write whose eTag is stale, and keeps the newer value', async () => {
      await store.write({ item: { count: 1 } });
      const first = (await store.read(['item'])).item;
      await store.write({ item: { ...first, count: 2 } });
      let error: unknown;
      try {
        await store.write({ item: { ...first, count: 99 } });
      } catch (caught) {
        error = caught;
      }
      expect(error, 'a stale eTag must be refused').to.be.instanceOf(Error);
      expect((await store.read(['item'])).item?.count).to.equal(2);
    });

    it('accepts a write with the current eTag', async () => {
      await store.write({ item: { count: 1 } });
      const current = (await store.read(['item'])).item;
      await store.write({ item: { ...current, count: 2 } });
      expect((await store.read(['item'])).item?.count).to.equal(2);
    });

    it("overwrites when the eTag is '*' or absent", async () => {
      await store.write({ item: { count: 1 } });
      await store.write({ item: { count: 2, eTag: '*' } });
      expect((await store.read(['item'])).item?.count).to.equal(2);
      await store.write({ item: { count: 3 } });
      expect((await store.read(['item'])).item?.count).to.equal(3);
    });

    it('deletes, and deleting an unknown key is fine', async () => {
      await store.write({ item: { count: 1 } });
      await store.delete(['item', 'never-written']);
      expect(await store.read(['item'])).to.deep.equal({});
    });

    it('round-trips keys made of any characters', async () => {
      await store.write(Object.fromEntries(ODD_KEYS.map((key, index) => [key, { index }])));
      const items = await store.read(ODD_KEYS);
      expect(Object.keys(items).sort()).to.deep.equal([...ODD_KEYS].sort());
      ODD_KEYS.forEach((key, index) => expect(items[key]?.index).to.equal(index));
    });

    it('round-trips Chinese text', async () => {
      const text = '社保卡密码修改：请到社保卡综合服务窗口办理。「异地就医」😀';
      await store.write({ item: { text } });
      expect((await store.read(['item'])).item?.text).to.equal(text);
    });

    it('keeps every one of 500 writes to different keys made at once', async () => {
      const keys = Array.from({ length: 500 }, (_, index) => `conversation-${index}`);
      await Promise.all(keys.map((key, index) => store.write({ [key]: { index } })));
      const items = await store.read(keys);
      expect(Object.keys(items)).to.have.length(500);
      expect(items['conversation-499']?.index).to.equal(499);
    });

    it('lets exactly one of two writes with the same eTag win', async () => {
      await store.write({ item: { count: 0 } });
      const read = (await store.read(['item'])).item;
      const results = await Promise.allSettled([
        store.write({ item: { ...read, count: 1 } }),
        store.write({ item: { ...read, count: 2 } }),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).to.have.length(1);
      expect(results.filter((result) => result.status === 'rejected')).to.have.length(1);
    });

    it('resumes a waterfall with a text prompt after a reload from a fresh store instance', async () => {
      const transcript: string[] = [];
      const runTurn = async (storage: Storage, text: string) => {
        const conversationState = new ConversationState(storage);
        const dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
        dialogs.add(new TextPrompt('name'));
        dialogs.add(
          new WaterfallDialog('ask', [
            (step) => step.prompt('name', 'What is your name?'),
            async (step) => {
              await step.context.sendActivity(`Hello ${String(step.result)}`);
              return step.endDialog();
            },
          ]),
        );
        const adapter = new TestAdapter(async (context) => {
          const dc = await dialogs.createContext(context);
          const result = await dc.continueDialog();
          if (result.status === 'empty') await dc.beginDialog('ask');
          await conversationState.saveChanges(context);
        });
        adapter.conversation.conversation.id = 'resume-test';
        await adapter.send(text).assertReply((reply) => {
          transcript.push(reply.text ?? '');
        });
      };

      await runTurn(store, 'hi');
      await store.close();
      store = await subject.open();
      await runTurn(store, '王芳');
      expect(transcript).to.deep.equal(['What is your name?', 'Hello 王芳']);
    });
  });
}
