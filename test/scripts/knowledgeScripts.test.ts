import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../src/paths.js';

const run = promisify(execFile);
const script = (name: string) => path.join(projectRoot, 'dist/scripts', `${name}.js`);

/** Runs a script; resolves with its exit code and output whether it succeeded or not. */
async function runScript(name: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--disable-warning=DEP0111', script(name), ...args], { cwd: projectRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('knowledge scripts', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kb-scripts-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describe('npm run eval', () => {
    it('runs each line through the bot and prints accuracy per locale and kind, with the confusions', async () => {
      const file = path.join(dir, 'small.jsonl');
      writeFileSync(
        file,
        [
          { text: '社保卡在外地能用吗', locale: 'zh-CN', accept: ['card-cross-region'] },
          { text: 'tell me a joke', locale: 'en-US', accept: ['out-of-scope'] },
          // Deliberately wrong expectation: it must show up as a confusion, and not fail the run.
          { text: '公积金怎么查', locale: 'zh-CN', accept: ['password-kinds'] },
        ]
          .map((line) => JSON.stringify(line))
          .join('\n'),
      );
      const { code, stdout } = await runScript('evaluate', [file]);
      expect(code).to.equal(0);
      expect(stdout).to.match(/^zh-CN\s+50\.0% \(1\/2\)/m);
      expect(stdout).to.match(/^en-US\s+-\s+\(0\/0\)\s+-\s+\(0\/0\)\s+100\.0% \(1\/1\)/m);
      expect(stdout).to.include('Confusions (1)').and.to.include('"公积金怎么查"').and.to.include('got handoff:provident-fund');
    });

    const badInputs: [string, string, RegExp][] = [
      ['a line that is not JSON', '{"text": "x"', /small\.jsonl:1: not valid JSON/],
      ['an unknown locale', '{"text": "x", "locale": "fr-FR", "accept": ["handoff"]}', /small\.jsonl:1: locale/],
      ['an empty accept list', '{"text": "x", "locale": "zh-CN", "accept": []}', /accept must list at least one/],
    ];
    for (const [what, line, message] of badInputs) {
      it(`exits 2 on ${what}`, async () => {
        const file = path.join(dir, 'small.jsonl');
        writeFileSync(file, `${line}\n`);
        const { code, stderr } = await runScript('evaluate', [file]);
        expect(code).to.equal(2);
        expect(stderr).to.match(message);
      });
    }

    it('exits 2 when the file does not exist', async () => {
      const { code, stderr } = await runScript('evaluate', [path.join(dir, 'missing.jsonl')]);
      expect(code).to.equal(2);
      expect(stderr).to.include('Cannot read');
    });
  });

  describe('npm run report:unanswered', () => {
    it('prints the logged questions grouped with counts, and the votes per entry', async () => {
      const at = '2026-11-27T00:00:00.000Z';
      writeFileSync(
        path.join(dir, 'unanswered.jsonl'),
        [
          { version: 1, at, locale: 'zh-CN', topic: 'office-hours', text: '社保局周六上班吗' },
          { version: 1, at, locale: 'zh-CN', topic: 'office-hours', text: '社保局周六上不上班' },
          { version: 1, at, locale: 'en-US', topic: 'provident-fund', text: 'check my provident fund' },
        ]
          .map((line) => JSON.stringify(line))
          .join('\n'),
      );
      writeFileSync(path.join(dir, 'feedback.jsonl'), `${JSON.stringify({ version: 1, at, locale: 'zh-CN', entryId: 'card-number', vote: 'down' })}\n`);
      const { code, stdout } = await runScript('reportUnanswered', [dir]);
      expect(code).to.equal(0);
      expect(stdout).to.include('3 in 2 groups');
      expect(stdout).to.match(/2× \[zh-CN\] 社保局周六上班吗\s+\(office-hours 2\)/);
      expect(stdout).to.include('also: 社保局周六上不上班');
      expect(stdout).to.match(/card-number\s+👍\s+0\s+👎\s+1/);
    });
  });
});
