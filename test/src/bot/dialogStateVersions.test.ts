import { expect } from 'chai';
import { FLOW_VERSIONS } from '../../../dialogs/dialogVersions.js';
import { loadCatalog } from '../../../src/i18n/catalog.js';
import { createBeginFlowRoute } from '../../fixtures/testRoutes.js';
import { startBot, type ReplyActivity, type RunningBot } from '../../support/botServer.js';
import { makeTempDir } from '../../support/tempDir.js';

const catalog = loadCatalog();
const texts = (replies: ReplyActivity[]) => replies.map((reply) => reply.text ?? '');

/** The next release, in which one flow's steps changed. */
const releaseChanging = (flowId: string) => ({ version: 1, flows: { ...FLOW_VERSIONS, [flowId]: (FLOW_VERSIONS[flowId] ?? 1) + 1 } });

describe('a conversation saved mid-flow by an older release', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let bot: RunningBot | undefined;
  const env = () => ({ STATE_STORE: 'lowdb', STATE_PATH: temp.path });
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
    await temp.remove();
  });

  const restartAs = async (options: Parameters<typeof startBot>[1]) => {
    await bot?.close();
    bot = await startBot(env(), options);
    return bot;
  };

  it('restarts cleanly with a short apology in Chinese instead of answering on the wrong step', async () => {
    const conversation = { id: 'parked-in-password-reset' };
    let running = await restartAs({ extraRoutes: [createBeginFlowRoute()] });
    await running.ask({ text: '>>pw', conversation });
    const parked = await running.ask({ text: '查询密码', conversation });
    expect(texts(parked.replies).join('\n')).to.include(catalog.t('zh-CN', 'passwordReset.askWay'));

    running = await restartAs({ extraRoutes: [createBeginFlowRoute()], dialogVersions: releaseChanging('password-reset') });
    const after = await running.ask({ text: '网站', conversation });
    expect(after.status).to.equal(200);
    expect(after.replies[0]?.text).to.equal(catalog.t('zh-CN', 'state.flowRestarted'));
    expect(after.replies[0]?.channelData).to.deep.equal({ kind: 'control', topic: 'flow-restarted' });
    expect(texts(after.replies).join('\n'), 'the old step must not be resumed').not.to.include(catalog.t('zh-CN', 'passwordReset.way.website'));

    const again = await running.ask({ text: '>>pw', conversation });
    const answered = await running.ask({ text: '查询密码', conversation });
    expect(texts(again.replies).join('\n')).to.include(catalog.t('zh-CN', 'passwordReset.askKind'));
    expect(texts(answered.replies), 'one apology only').to.not.include(catalog.t('zh-CN', 'state.flowRestarted'));
    expect(texts(answered.replies).join('\n')).to.include(catalog.t('zh-CN', 'passwordReset.askWay'));
  });

  it("apologises in English to a user who chose English, and keeps that choice and the checklist's progress", async () => {
    const conversation = { id: 'parked-in-checklist' };
    let running = await restartAs({ extraRoutes: [createBeginFlowRoute()] });
    for (const text of ['English', '>>rc', 'yes', 'yesterday', 'I have the receipts and my ID card']) {
      expect((await running.ask({ text, conversation, channelId: 'webchat' })).status).to.equal(200);
    }

    running = await restartAs({ extraRoutes: [createBeginFlowRoute()], dialogVersions: releaseChanging('reimbursement-checklist') });
    // "2" carries no language of its own: English here comes from the user's saved choice.
    const after = await running.ask({ text: '2', conversation, channelId: 'webchat' });
    expect(after.replies[0]?.text).to.equal(catalog.t('en-US', 'state.flowRestarted'));

    const checklist = await running.ask({ text: 'my checklist', conversation, channelId: 'webchat' });
    const shown = texts(checklist.replies).join('\n');
    expect(shown).to.include(catalog.t('en-US', 'reimbursement.askContinue'));
    expect(shown).to.include(`✅ ${catalog.t('en-US', 'reimbursement.item.receipts')}`);
    expect(shown).to.include(`✅ ${catalog.t('en-US', 'reimbursement.item.idCard')}`);
  });

  it('resumes a flow on the same step after a restart when the release did not change it', async () => {
    const conversation = { id: 'parked-unchanged' };
    let running = await restartAs({ extraRoutes: [createBeginFlowRoute()] });
    await running.ask({ text: '>>pw', conversation });
    await running.ask({ text: '查询密码', conversation });
    running = await restartAs({ extraRoutes: [createBeginFlowRoute()], dialogVersions: releaseChanging('registration-deadline') });
    const after = await running.ask({ text: '网站', conversation });
    expect(texts(after.replies)).not.to.include(catalog.t('zh-CN', 'state.flowRestarted'));
    expect(texts(after.replies).join('\n')).to.include(catalog.t('zh-CN', 'passwordReset.way.website'));
  });
});
