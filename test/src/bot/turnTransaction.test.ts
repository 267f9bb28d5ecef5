import { BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse, type StoreItems } from 'botbuilder';
import { expect } from 'chai';
import { OptimisticConversationState, OptimisticUserState } from '../../../src/bot/optimisticState.js';
import { TurnTimeoutError, withTurnDeadline } from '../../../src/bot/turnDeadline.js';
import { runTurnTransaction } from '../../../src/bot/turnTransaction.js';
import { MemoryStateStore } from '../../../src/storage/memoryStore.js';
import { StorageConflictError } from '../../../src/storage/stateStore.js';

/** An adapter that only records what actually left the bot. */
class RecordingAdapter extends BotAdapter {
  readonly sent: Partial<Activity>[] = [];
  async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    this.sent.push(...activities);
    return activities.map((_, index) => ({ id: `sent-${this.sent.length + index}` }));
  }
  async updateActivity(): Promise<void> {}
  async deleteActivity(): Promise<void> {}
  async continueConversation(_reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await logic(new TurnContext(this, {}));
  }
}

/** A store that counts writes, to tell "nothing saved" from "saved the same". */
class CountingStore extends MemoryStateStore {
  writes = 0;
  override write(changes: StoreItems): Promise<void> {
    this.writes += 1;
    return super.write(changes);
  }
}

function message(conversationId: string, userId = 'user-1'): Partial<Activity> {
  return {
    type: 'message',
    text: 'hi',
    channelId: 'test',
    conversation: { id: conversationId, name: '', isGroup: false, conversationType: '' },
    from: { id: userId, name: '' },
    recipient: { id: 'bot', name: '' },
    serviceUrl: 'http://127.0.0.1:9',
  };
}

const CONVERSATION_KEY = 'test/conversations/c-1/';

describe('runTurnTransaction', () => {
  let store: CountingStore;
  let adapter: RecordingAdapter;
  let conversationState: OptimisticConversationState;
  let userState: OptimisticUserState;
  beforeEach(() => {
    store = new CountingStore();
    adapter = new RecordingAdapter();
    conversationState = new OptimisticConversationState(store);
    userState = new OptimisticUserState(store);
  });

  it('re-runs a turn that lost a race on fresh state, and sends only the replies of the run that was saved', async () => {
    await store.write({ [CONVERSATION_KEY]: { notes: ['a'] } });
    const notes = conversationState.createProperty<string[]>('notes');
    const context = new TurnContext(adapter, message('c-1'));
    let runs = 0;
    await runTurnTransaction(
      context,
      async () => {
        runs += 1;
        const list = [...(await notes.get(context, []))];
        list.push('b');
        await notes.set(context, list);
        if (runs === 1) {
          // Another instance saves this conversation while our first run is under way.
          const fresh = (await store.read([CONVERSATION_KEY]))[CONVERSATION_KEY] as { notes: string[] };
          await store.write({ [CONVERSATION_KEY]: { ...fresh, notes: [...fresh.notes, 'x'] } });
        }
        await context.sendActivity(`notes: ${list.join(',')}`);
      },
      { states: [conversationState, userState] },
    );
    expect(runs).to.equal(2);
    expect(adapter.sent.map((activity) => activity.text)).to.deep.equal(['notes: a,x,b']);
    expect((await store.read([CONVERSATION_KEY]))[CONVERSATION_KEY]?.notes).to.deep.equal(['a', 'x', 'b']);
  });

  it("keeps both changes when two conversations of one new user save the user's state at once", async () => {
    const profile = userState.createProperty<Record<string, boolean>>('profile');
    let release: () => void = () => undefined;
    const bothLoaded = new Promise<void>((resolve) => (release = resolve));
    let loaded = 0;
    const turn = (conversationId: string, flag: string) => {
      const context = new TurnContext(adapter, message(conversationId));
      return runTurnTransaction(
        context,
        async () => {
          const current = await profile.get(context, {});
          loaded += 1;
          if (loaded === 2) release();
          await bothLoaded;
          await profile.set(context, { ...current, [flag]: true });
          await context.sendActivity(`set ${flag}`);
        },
        { states: [conversationState, userState] },
      );
    };
    await Promise.all([turn('c-1', 'chineseChosen'), turn('c-2', 'checklistStarted')]);
    const saved = (await store.read(['test/users/user-1/']))['test/users/user-1/'];
    expect(saved?.profile).to.deep.equal({ chineseChosen: true, checklistStarted: true });
    expect(adapter.sent.map((activity) => activity.text).sort()).to.deep.equal(['set checklistStarted', 'set chineseChosen']);
  });

  it('gives up after three runs that all lost their race, sending nothing', async () => {
    const counter = conversationState.createProperty<number>('counter');
    const context = new TurnContext(adapter, message('c-1'));
    let runs = 0;
    let error: unknown;
    try {
      await runTurnTransaction(
        context,
        async () => {
          runs += 1;
          await counter.set(context, (await counter.get(context, 0)) + 1);
          await store.write({ [CONVERSATION_KEY]: { counter: 100 + runs } });
          await context.sendActivity('never seen');
        },
        { states: [conversationState, userState] },
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(StorageConflictError);
    expect(runs).to.equal(3);
    expect(adapter.sent).to.deep.equal([]);
  });

  it('sends nothing and saves nothing when the turn fails', async () => {
    const counter = conversationState.createProperty<number>('counter');
    const context = new TurnContext(adapter, message('c-1'));
    let error: unknown;
    try {
      await runTurnTransaction(
        context,
        async () => {
          await counter.set(context, 1);
          await context.sendActivity('half a turn');
          throw new Error('a route failed');
        },
        { states: [conversationState, userState] },
      );
    } catch (caught) {
      error = caught;
    }
    expect((error as Error).message).to.equal('a route failed');
    expect(adapter.sent).to.deep.equal([]);
    expect(store.writes).to.equal(0);
  });

  it('lets the error handler speak after a failed turn (replies are no longer held)', async () => {
    const context = new TurnContext(adapter, message('c-1'));
    await runTurnTransaction(context, () => Promise.reject(new Error('boom')), { states: [conversationState, userState] }).catch(() => undefined);
    await context.sendActivity('sorry');
    expect(adapter.sent.map((activity) => activity.text)).to.deep.equal(['sorry']);
  });

  it('writes nothing for a turn that changed no state, and both states in one write when both changed', async () => {
    const context = new TurnContext(adapter, message('c-1'));
    await runTurnTransaction(context, async () => void (await conversationState.load(context)), { states: [conversationState, userState] });
    expect(store.writes).to.equal(0);

    const next = new TurnContext(adapter, message('c-1'));
    await runTurnTransaction(
      next,
      async () => {
        await conversationState.createProperty('step').set(next, 2);
        await userState.createProperty('language').set(next, 'en-US');
      },
      { states: [conversationState, userState] },
    );
    expect(store.writes).to.equal(1);
    const items = await store.read([CONVERSATION_KEY, 'test/users/user-1/']);
    expect(items[CONVERSATION_KEY]?.step).to.equal(2);
    expect(items['test/users/user-1/']?.language).to.equal('en-US');
  });

  it('saves and sends nothing for a turn the conversation gate abandoned, even when it finishes later', async () => {
    const notes = conversationState.createProperty<string[]>('notes');
    const context = new TurnContext(adapter, message('c-1'));
    let finishTurn = () => undefined as void;
    const turnMayFinish = new Promise<void>((resolve) => (finishTurn = resolve));
    const transaction = runTurnTransaction(
      context,
      async () => {
        await notes.set(context, ['late']);
        await context.sendActivity('late reply');
        await turnMayFinish;
      },
      { states: [conversationState, userState] },
    );
    const finished = transaction.then(
      () => 'saved',
      (error: unknown) => {
        if (!(error instanceof TurnTimeoutError)) return `failed: ${String(error)}`;
        // Logged as found abandoned, not as a deadline of "0 ms".
        expect(error.message).not.to.match(/\b0 ms\b/);
        return 'refused';
      },
    );
    const gate = withTurnDeadline(context, 20, () => transaction);
    await gate.then(
      () => expect.fail('the gate should give up on the turn'),
      (error: unknown) => {
        expect(error).to.be.instanceOf(TurnTimeoutError);
        expect((error as Error).message).to.include('20 ms');
      },
    );
    finishTurn();
    expect(await finished).to.equal('refused');
    expect(store.writes, 'nothing written').to.equal(0);
    expect(adapter.sent, 'nothing sent').to.deep.equal([]);
  });
});
