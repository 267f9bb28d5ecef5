import { ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { expect } from 'chai';
import { loadCatalog } from '../../../src/i18n/catalog.js';
import { createPrivacyMiddleware, sensitiveKindsFound } from '../../../src/privacy/privacyMiddleware.js';
import { silentLogger } from '../../support/silentLogger.js';

/** The middleware on its own, as every transport (Direct Line, a test adapter) runs it: no HTTP edge in front. */
function harness() {
  const seen: { text: string | undefined; value: unknown; kinds: readonly string[] }[] = [];
  const conversationState = new ConversationState(new MemoryStorage());
  const adapter = new TestAdapter(async (context) => {
    seen.push({ text: context.activity.text, value: context.activity.value as unknown, kinds: sensitiveKindsFound(context) });
    await context.sendActivity('ok');
    await conversationState.saveChanges(context);
  });
  adapter.use(createPrivacyMiddleware({ catalog: loadCatalog(), conversationState, defaultLocale: 'en-US', logger: silentLogger }));
  return { adapter, seen };
}

/** An assertReply inspector: the reply's text matches `pattern`. */
const textMatching = (pattern: RegExp) => (reply: Partial<Activity>) => expect(reply.text).to.match(pattern);

describe('privacy middleware without the HTTP edge', () => {
  it('cleans before masking, so a bidi mark or zero-width space inside an ID number does not hide it', async () => {
    const { adapter, seen } = harness();
    await adapter.send('my id 110105\u202E1949\u200B1231002X').assertReply(textMatching(/never send your ID number/)).assertReply('ok');
    expect(seen[0]?.text).to.equal('my id 110105********002X');
    expect(seen[0]?.kinds).to.deep.equal(['id-number']);
  });

  it('masks card numbers in value and attachments, and reports what it found', async () => {
    const { adapter, seen } = harness();
    const activity: Partial<Activity> = {
      type: 'message',
      text: '',
      value: { card: '6222021234567890128' },
      attachments: [{ contentType: 'text/html', content: '<p>13812345678</p>' }],
    };
    await adapter.send(activity).assertReply(textMatching(/never send/)).assertReply('ok');
    expect(seen[0]?.value).to.deep.equal({ card: '6222***********0128' });
    expect(seen[0]?.kinds).to.have.members(['bank-card', 'mobile']);
  });

  it('warns only once per conversation, and not at all when nothing was found', async () => {
    const { adapter } = harness();
    await adapter
      .send('hello there')
      .assertReply('ok')
      .send('my password is qz7Kx9')
      .assertReply(textMatching(/never send/))
      .assertReply('ok')
      .send('my password is qz7Kx9')
      .assertReply('ok');
  });
});
