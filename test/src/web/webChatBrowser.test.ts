import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadCatalog } from '../../../src/i18n/catalog.js';
import { projectRoot } from '../../../src/paths.js';
import { loadWebStrings } from '../../../src/web/webStrings.js';
import { callDirectLine, startBot, type RunningBot } from '../directline/directLineHarness.js';

const CHROMIUM = '/usr/bin/chromium';
const QUESTION = '社保卡能在外地用吗';
const HAN = /\p{Script=Han}/u;
/** The reply kinds that answer a question (as opposed to a menu, a clarification or a refusal). */
const ANSWER_KINDS = ['faq'];

const catalog = loadCatalog();
const web = loadWebStrings();

interface HistoryActivity {
  type: string;
  text?: string;
  from: { role?: string };
  channelData?: { kind?: string; topic?: string };
  suggestedActions?: { actions: { title?: string; value?: unknown }[] };
}

/** The conversation the page saved in sessionStorage, read back through Direct Line like any client would. */
async function pageHistory(page: Page): Promise<{ conversationId: string; activities: HistoryActivity[] }> {
  const saved = await page.evaluate<string | null>("sessionStorage.getItem('ssa.webchat.session.v1')");
  const session = JSON.parse(saved ?? 'null') as { token: string; conversationId: string; domain: string } | null;
  if (!session) throw new Error('the page saved no session');
  const { body } = await callDirectLine(`${session.domain}/conversations/${session.conversationId}/activities`, session.token);
  return { conversationId: session.conversationId, activities: body.activities as HistoryActivity[] };
}

async function waitForHistory(page: Page, condition: (activities: HistoryActivity[]) => boolean, what: string): Promise<HistoryActivity[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { activities } = await pageHistory(page);
    if (condition(activities)) return activities;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(activities.map((a) => [a.from.role, a.text?.slice(0, 20)]))}`);
    await page.waitForTimeout(200);
  }
}

/**
 * Waits until the chat shows `text`. Compared on letters and digits only: Web Chat renders Markdown and
 * typographic quotes, so punctuation and markup differ from the activity's text.
 */
async function waitForText(page: Page, text: string): Promise<void> {
  const needle = text.replace(/[^\p{L}\p{N}]/gu, '').slice(0, 24);
  // Polled from here: waitForFunction would eval in the page, which the page's CSP rightly forbids.
  const probe = `document.getElementById('webchat').innerText.replace(/[^\\p{L}\\p{N}]/gu, '').includes(${JSON.stringify(needle)})`;
  const deadline = Date.now() + 15_000;
  while (!(await page.evaluate<boolean>(probe))) {
    if (Date.now() > deadline) throw new Error(`the page never showed "${text.slice(0, 40)}"`);
    await page.waitForTimeout(100);
  }
}

/**
 * Pixel statistics of a PNG, computed by the browser itself (no image library needed in Node). Browser-side
 * code is passed as source text: this project compiles without the DOM type library.
 */
const IMAGE_STATISTICS = `async (base64) => {
  const image = new Image();
  image.src = 'data:image/png;base64,' + base64;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  const colours = new Set();
  let sum = 0;
  let sumOfSquares = 0;
  for (let index = 0; index < data.length; index += 4) {
    const luminance = 0.2126 * data[index] + 0.7152 * data[index + 1] + 0.0722 * data[index + 2];
    sum += luminance;
    sumOfSquares += luminance * luminance;
    colours.add((data[index] << 16) | (data[index + 1] << 8) | data[index + 2]);
  }
  const pixels = data.length / 4;
  const mean = sum / pixels;
  return { width: image.width, height: image.height, distinctColours: colours.size, standardDeviation: Math.sqrt(sumOfSquares / pixels - mean * mean) };
}`;

async function imageStatistics(browser: Browser, png: Buffer): Promise<{ width: number; height: number; distinctColours: number; standardDeviation: number }> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(`(${IMAGE_STATISTICS})(${JSON.stringify(png.toString('base64'))})`);
  } finally {
    await page.close();
  }
}

/** The font size, in pixels, of the Web Chat container. */
function chatFontSize(page: Page): Promise<number> {
  return page.evaluate<number>("parseFloat(getComputedStyle(document.getElementById('webchat')).fontSize)");
}

describe('The web chat page in a real browser (Chromium via playwright-core)', function () {
  this.timeout(120_000);
  let browser: Browser | undefined;
  let bot: RunningBot | undefined;
  const problems: string[] = [];

  before(function () {
    if (!existsSync(CHROMIUM)) {
      console.warn(`\n!!! SKIPPING the web chat browser test: ${CHROMIUM} is not installed. Install it with: apt-get install -y chromium fonts-wqy-zenhei\n`);
      this.skip();
    }
  });

  beforeEach(async () => {
    bot = await startBot();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterEach(async () => {
    await browser?.close();
    await bot?.close();
    browser = undefined;
    bot = undefined;
  });

  it('answers a Chinese question in Chinese, follows a suggested action, keeps the history across a reload, and switches to English', async () => {
    if (!browser || !bot) throw new Error('not started');
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 420, height: 860 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });

    // Starts in the visitor's language, with the automated-assistant notice.
    await page.goto(`${bot.baseUrl}/`);
    expect(await page.getAttribute('html', 'lang')).to.equal('zh-CN');
    expect(await page.locator('h1').innerText()).to.equal(web['zh-CN'].title);
    expect(await page.locator('#notice').innerText()).to.equal(web['zh-CN'].notice);
    await waitForText(page, catalog.t('zh-CN', 'core.welcome'));

    // Ask, and see a Chinese answer from the knowledge base.
    const input = page.getByPlaceholder(web['zh-CN'].inputPlaceholder);
    await input.fill(QUESTION);
    await input.press('Enter');
    const afterQuestion = await waitForHistory(
      page,
      (activities) => activities.some((activity, index) => activity.text === QUESTION && activities.slice(index + 1).some((reply) => reply.from.role === 'bot')),
      'the answer',
    );
    const questionAt = afterQuestion.findIndex((activity) => activity.text === QUESTION);
    const answer = afterQuestion.slice(questionAt + 1).find((activity) => activity.from.role === 'bot' && activity.type === 'message');
    expect(answer?.text).to.match(HAN);
    expect(ANSWER_KINDS).to.include(answer?.channelData?.kind);
    await waitForText(page, answer?.text ?? '');

    // Click one of the suggested actions the bot offered after the answer.
    const offered = afterQuestion
      .slice(questionAt + 1)
      .flatMap((activity) => activity.suggestedActions?.actions ?? [])
      .map((action) => action.title)
      .filter((title): title is string => typeof title === 'string' && HAN.test(title));
    const choice = offered.at(-1);
    if (!choice) throw new Error('the answer offered no suggested action');
    // Web Chat also reads suggestions out in a live region; the buttons to press are in its toolbar.
    await page.getByRole('toolbar').getByRole('button', { name: choice, exact: true }).click();
    const afterChoice = await waitForHistory(
      page,
      (activities) => {
        const at = activities.findIndex((activity, index) => index > questionAt && activity.from.role === 'user' && activity.text === choice);
        return at >= 0 && activities.slice(at + 1).some((reply) => reply.from.role === 'bot');
      },
      `the reply to the suggested action "${choice}"`,
    );
    const choiceReply = afterChoice.slice(afterChoice.findIndex((activity) => activity.text === choice) + 1).find((activity) => activity.from.role === 'bot');
    expect(choiceReply?.text).to.match(HAN);
    await waitForText(page, choiceReply?.text ?? '');

    // Reload: the same conversation, with its history shown again.
    const { conversationId } = await pageHistory(page);
    await page.reload();
    await waitForText(page, QUESTION);
    await waitForText(page, answer?.text ?? '');
    await waitForText(page, choiceReply?.text ?? '');
    expect((await pageHistory(page)).conversationId).to.equal(conversationId);

    // Switch to English: the page's own text changes and the bot answers in English from now on.
    await page.locator('#switch-language').click();
    expect(await page.getAttribute('html', 'lang')).to.equal('en-US');
    expect(await page.locator('h1').innerText()).to.equal(web['en-US'].title);
    expect(await page.locator('#notice').innerText()).to.equal(web['en-US'].notice);
    await waitForText(page, catalog.t('en-US', 'core.languageSwitched'));
    await page.getByPlaceholder(web['en-US'].inputPlaceholder).waitFor();

    // Large text, for older readers.
    const sizeBefore = await chatFontSize(page);
    await page.getByLabel(web['en-US'].largeText).check();
    const sizeAfter = await chatFontSize(page);
    expect(sizeAfter).to.be.greaterThan(sizeBefore * 1.2);

    // A screenshot for people to look at, checked here only for not being blank.
    const screenshot = await page.screenshot({ fullPage: false });
    const outputDir = path.join(projectRoot, 'test-output');
    await mkdir(outputDir, { recursive: true });
    await writeFile(path.join(outputDir, 'webchat.png'), screenshot);
    const statistics = await imageStatistics(browser, screenshot);
    expect(statistics).to.include({ width: 420, height: 860 });
    expect(statistics.distinctColours).to.be.greaterThan(50);
    expect(statistics.standardDeviation).to.be.greaterThan(10);

    // Keyboard (after the screenshot: moving focus through the transcript scrolls it): Shift+Tab from the message box reaches the suggested actions.
    await page.getByPlaceholder(web['en-US'].inputPlaceholder).focus();
    let reachedSuggestion = false;
    for (let press = 0; press < 30 && !reachedSuggestion; press += 1) {
      await page.keyboard.press('Shift+Tab');
      reachedSuggestion = await page.evaluate<boolean>(
        "document.activeElement instanceof HTMLButtonElement && document.activeElement.closest('[role=toolbar]') !== null",
      );
    }
    expect(reachedSuggestion, 'a suggested action can be reached with the keyboard').to.equal(true);

    expect(problems, 'no script errors or CSP violations on the page').to.deep.equal([]);
    await context.close();
  });

  it('renders numbered steps as a list and the reimbursement checklist as an Adaptive Card, driving the flow from the keyboard', async () => {
    if (!browser || !bot) throw new Error('not started');
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 420, height: 860 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(`${bot.baseUrl}/`);
    await waitForText(page, catalog.t('zh-CN', 'core.welcome'));
    const input = page.getByPlaceholder(web['zh-CN'].inputPlaceholder);

    // A knowledge-base answer written as numbered steps shows as an ordered list.
    await input.fill('异地就医要怎么办？');
    await input.press('Enter');
    const history = await waitForHistory(page, (activities) => activities.some((activity) => activity.channelData?.kind === 'faq'), 'the answer');
    const steps = (history.find((activity) => activity.channelData?.kind === 'faq')?.text ?? '').split('\n').filter((line) => /^\d+\.\s/.test(line));
    expect(steps.length, 'the answer is written as numbered steps').to.be.greaterThan(1);
    // List numbers are drawn by CSS, so the text to find is the step without its number.
    await waitForText(page, (steps[0] ?? '').replace(/^\d+\.\s*/, ''));
    expect(await page.locator('#webchat ol > li').count()).to.be.at.least(steps.length);

    // The checklist flow, answering by typing and then by keyboard on a suggested action.
    await input.fill(catalog.t('zh-CN', 'menu.reimbursement'));
    await input.press('Enter');
    await waitForText(page, catalog.t('zh-CN', 'reimbursement.askReferral'));
    await input.fill('是');
    await input.press('Enter');
    await waitForText(page, catalog.t('zh-CN', 'reimbursement.askDate'));
    await input.fill('前天');
    await input.press('Enter');
    await waitForText(page, catalog.t('zh-CN', 'reimbursement.askItems'));

    const everything = catalog.t('zh-CN', 'reimbursement.allLabel');
    await input.focus();
    const focusedText = (): Promise<string> => page.evaluate<string>("document.activeElement && document.activeElement.closest('[role=toolbar]') ? document.activeElement.textContent : ''");
    for (let press = 0; press < 30 && (await focusedText()) === ''; press += 1) await page.keyboard.press('Shift+Tab');
    for (let press = 0; press < 20 && (await focusedText()).trim() !== everything; press += 1) await page.keyboard.press('ArrowRight');
    expect((await focusedText()).trim(), 'the "all of them" suggestion is reachable by keyboard').to.equal(everything);
    await page.keyboard.press('Enter');

    const cardText = "(document.querySelector('#webchat .ac-adaptiveCard') || { innerText: '' }).innerText";
    const deadline = Date.now() + 15_000;
    while (!(await page.evaluate<string>(cardText)).includes(catalog.t('zh-CN', 'reimbursement.summaryTitle'))) {
      if (Date.now() > deadline) throw new Error('the checklist card never rendered');
      await page.waitForTimeout(100);
    }
    const card = await page.evaluate<string>(cardText);
    for (const item of ['referral', 'receipts', 'idCard', 'bankCard']) expect(card).to.include(catalog.t('zh-CN', `reimbursement.item.${item}`));
    expect(card).to.include(catalog.t('zh-CN', 'reimbursement.factHave'));

    await page.waitForTimeout(500); // let the transcript finish scrolling to the card
    await page.screenshot({ path: path.join(projectRoot, 'test-output', 'webchat-checklist.png') });
    expect(problems, 'no script errors on the page').to.deep.equal([]);
    await context.close();
  });
});
