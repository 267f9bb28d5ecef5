import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { loadCatalog } from '../../src/i18n/catalog.js';
import { projectRoot } from '../../src/paths.js';
import { startBot, type RunningBot } from '../src/directline/directLineHarness.js';

const catalog = loadCatalog();
const CHAT_SCRIPT = path.join(projectRoot, 'dist', 'scripts', 'chat.js');

/** The chat client as a tester runs it, with its output collected. */
class ChatProcess {
  readonly child: ChildProcessWithoutNullStreams;
  output = '';

  constructor(args: string[]) {
    this.child = spawn(process.execPath, ['--disable-warning=DEP0111', CHAT_SCRIPT, ...args], { cwd: projectRoot });
    this.child.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    this.child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
  }

  type(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  async until(text: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes(text)) {
      if (Date.now() > deadline) throw new Error(`the chat client never printed ${JSON.stringify(text)}; it printed:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  exitCode(): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) resolve(this.child.exitCode);
      else this.child.on('exit', (code) => resolve(code));
    });
  }
}

describe('npm run chat (the terminal client over Direct Line)', () => {
  let bot: RunningBot | undefined;
  let chat: ChatProcess | undefined;

  afterEach(async () => {
    if (chat?.child.exitCode === null) chat.child.kill();
    await bot?.close();
    bot = undefined;
    chat = undefined;
  });

  for (const [locale, other] of [
    ['zh-CN', 'en-US'],
    ['en-US', 'zh-CN'],
  ] as const) {
    it(`in ${locale}: shows the greeting with numbered choices, picks one by number, and quits`, async () => {
      bot = await startBot();
      chat = new ChatProcess(['--url', bot.baseUrl, '--locale', locale]);

      await chat.until(catalog.t(locale, 'core.welcome'));
      await chat.until(catalog.t(locale, 'chat.choices'));
      // The choice that switches language: its answer does not depend on the knowledge base or the flows.
      const switchChoice = catalog.t(locale, 'menu.otherLanguage');
      // The list arrives on stdout in more than one chunk: wait for its line, not just for its heading.
      await chat.until(`. ${switchChoice}`);
      const listed = new RegExp(`^\\s+(\\d+)\\. ${switchChoice}$`, 'm').exec(chat.output);
      expect(listed, 'the language switch is offered as a numbered choice').to.not.equal(null);

      chat.type(listed?.[1] ?? '');
      await chat.until(catalog.t(other, 'core.languageSwitched'));

      chat.type('/quit');
      expect(await chat.exitCode()).to.equal(0);
    });
  }

  it('answers a typed question in the language it is written in', async () => {
    bot = await startBot();
    chat = new ChatProcess(['--url', bot.baseUrl, '--locale', 'en-US']);
    await chat.until(catalog.t('en-US', 'core.welcome'));
    chat.type('帮助');
    await chat.until(catalog.t('zh-CN', 'core.help').split('\n')[0] ?? '');
    chat.type('/quit');
    expect(await chat.exitCode()).to.equal(0);
  });

  it('says what went wrong, and how to fix it, when no bot is listening', async () => {
    bot = await startBot();
    const url = bot.baseUrl;
    await bot.close();
    bot = undefined;
    chat = new ChatProcess(['--url', url, '--locale', 'en-US']);
    expect(await chat.exitCode()).to.equal(1);
    const [before = '', after = ''] = catalog.t('en-US', 'chat.connectFailed', { url, reason: '\u0000' }).split('\u0000');
    expect(chat.output).to.include(before);
    expect(chat.output).to.include(after);
    expect(chat.output).to.match(/npm start/);
  });
});
