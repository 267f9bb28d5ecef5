import { expect } from 'chai';
import fc from 'fast-check';
import {
  isValidResidentId,
  maskDeep,
  maskSensitive,
  passesLuhn,
} from '../../../src/privacy/privacyGuard.js';
import type { SensitiveKind } from '../../../src/privacy/privacyGuard.js';

// Independent oracles, so the generators below do not trust the code under test.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function withIdCheckCharacter(first17: string): string {
  let sum = 0;
  for (let index = 0; index < 17; index += 1) sum += Number(first17[index]) * (ID_WEIGHTS[index] ?? 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}
function withLuhnDigit(body: string): string {
  let sum = 0;
  for (let index = 0; index < body.length; index += 1) {
    let value = Number(body[body.length - 1 - index]);
    if (index % 2 === 0) value = value * 2 > 9 ? value * 2 - 9 : value * 2;
    sum += value;
  }
  return body + String((10 - (sum % 10)) % 10);
}

type Row = readonly [description: string, input: string, expected: string, found: readonly SensitiveKind[]];

function itMasks(rows: readonly Row[]): void {
  for (const [description, input, expected, found] of rows) {
    it(description, () => {
      expect(maskSensitive(input)).to.deep.equal({ text: expected, found });
    });
  }
}

function itLeavesAlone(rows: readonly (readonly [description: string, input: string])[]): void {
  for (const [description, input] of rows) {
    it(description, () => {
      expect(maskSensitive(input)).to.deep.equal({ text: input, found: [] });
    });
  }
}

describe('privacyGuard', () => {
  describe('isValidResidentId', () => {
    const valid: readonly (readonly [string, string])[] = [
      ['an 18-digit ID with an X check character', '11010519491231002X'],
      ['an 18-digit ID with a lower-case x', '11010519491231002x'],
      ['an 18-digit ID with a digit check character', '440306199001011236'],
      ['an ID born on a leap day', '510107200002294564'],
      ['a legacy 15-digit ID', '110105491231002'],
      ['an ID typed in full-width digits', '１１０１０５１９４９１２３１００２Ｘ'],
    ];
    for (const [description, candidate] of valid) {
      it(`accepts ${description}`, () => expect(isValidResidentId(candidate)).to.equal(true));
    }

    const invalid: readonly (readonly [string, string])[] = [
      ['an 18-digit ID with the wrong check character', '110105194912310021'],
      ['an ID with month 13', withIdCheckCharacter('11010519491331002')],
      ['an ID born on 29 February of a non-leap year', withIdCheckCharacter('11010519000229001')],
      ['an ID born before 1900', withIdCheckCharacter('11010518991231001')],
      ['an ID starting with 0', withIdCheckCharacter('01010519491231002')],
      ['a legacy ID with month 13', '110105491331002'],
      ['a legacy ID born on 29 February 1949', '110105490229002'],
      ['17 digits', '11010519491231002'],
      ['a check character other than X', '11010519491231002Y'],
      ['an ID with spaces (the validator takes the bare number)', '110105 19491231 002X'],
      ['an empty string', ''],
    ];
    for (const [description, candidate] of invalid) {
      it(`rejects ${description}`, () => expect(isValidResidentId(candidate)).to.equal(false));
    }
  });

  describe('passesLuhn', () => {
    const cases: readonly (readonly [string, boolean])[] = [
      ['4111111111111111', true],
      ['6222021234567890128', true],
      ['378282246310005', true],
      ['79927398713', true],
      ['４１１１１１１１１１１１１１１１', true],
      ['4111111111111112', false],
      ['6222021234567890127', false],
      ['4111 1111 1111 1111', false],
      ['4111a', false],
      ['7', false],
      ['', false],
    ];
    for (const [digits, expected] of cases) {
      it(`says ${JSON.stringify(digits)} ${expected ? 'passes' : 'fails'}`, () => {
        expect(passesLuhn(digits)).to.equal(expected);
      });
    }
  });

  describe('maskSensitive: resident ID numbers', () => {
    itMasks([
      ['masks an 18-digit ID keeping the first 6 and last 4 characters', '11010519491231002X', '110105********002X', ['id-number']],
      ['masks an ID inside a Chinese sentence', '我的身份证号是11010519491231002X，请查一下', '我的身份证号是110105********002X，请查一下', ['id-number']],
      ['masks an ID inside an English sentence', 'My ID number is 440306199001011236.', 'My ID number is 440306********1236.', ['id-number']],
      ['writes a lower-case x check character as X', '身份证11010519491231002x', '身份证110105********002X', ['id-number']],
      ['masks an ID typed in the 6-8-4 grouping and writes it compactly', '身份证 110105 19491231 002X 谢谢', '身份证 110105********002X 谢谢', ['id-number']],
      ['masks an ID grouped with dashes', 'ID: 110105-19491231-002X', 'ID: 110105********002X', ['id-number']],
      ['masks a legacy 15-digit ID keeping the first 6 and last 3 digits', '老身份证110105491231002', '老身份证110105******002', ['id-number']],
      ['masks an ID typed in full-width digits, writing the kept part in ASCII', '身份证１１０１０５１９４９１２３１００２Ｘ', '身份证110105********002X', ['id-number']],
      // Changed on purpose (a tester's report): a mistyped ID is still the person's ID, and phones space digits by four.
      ['masks an 18-digit ID with a wrong check character: one digit mistyped is still personal data', '身份证110105194912310021', '身份证110105********0021', ['id-number']],
      ['masks an ID spaced four by four, as a phone keyboard groups it', '1101 0519 4912 3100 2X', '110105********002X', ['id-number']],
      ['masks an ID spaced four by four that ends in a digit', '我的身份证号是 1101 0119 5003 0712 34', '我的身份证号是 110101********1234', ['id-number']],
    ]);
    itLeavesAlone([
      ['leaves an ID-like number with an impossible birth date alone', `ID ${withIdCheckCharacter('11010519491331002')}`],
      ['leaves 17 digits alone', '11010519491231002'],
      ['leaves a legacy-length number with an impossible date alone', '110105491331002'],
      ['leaves an 18-digit order number whose digits hold no birth date alone', '订单号202412051234567890'],
    ]);
  });

  describe('maskSensitive: bank cards', () => {
    itMasks([
      ['masks a 19-digit card typed in groups, keeping the first and last 4 digits', '卡号 6222 0212 3456 7890 128', '卡号 6222***********0128', ['bank-card']],
      ['masks the same card typed without spaces', '银行卡6222021234567890128', '银行卡6222***********0128', ['bank-card']],
      ['masks a card grouped with dashes', '4111-1111-1111-1111', '4111********1111', ['bank-card']],
      ['masks a card inside an English sentence', 'card 4111111111111111, expiring soon', 'card 4111********1111, expiring soon', ['bank-card']],
      ['masks a 15-digit card that is not an ID', '378282246310005', '3782*******0005', ['bank-card']],
      ['masks a 13-digit card', '4222222222222', '4222*****2222', ['bank-card']],
      ['masks a card typed in full-width digits', '卡号４１１１１１１１１１１１１１１１', '卡号4111********1111', ['bank-card']],
    ]);
    itLeavesAlone([
      ['leaves a grouped 19-digit number that fails Luhn alone', '卡号 6222 0212 3456 7890 127'],
      ['leaves a 16-digit number that fails Luhn alone', '4111111111111112'],
      ['leaves a grouped 16-digit number that fails Luhn alone', '4111 1111 1111 1112'],
      ['leaves a Luhn-valid 12-digit number alone (too short for a card)', '123456789015'],
      ['leaves a Luhn-valid number in groups no card uses alone', '4111 11 11 1111 1111'],
      ['leaves a Luhn-valid 20-digit number alone (too long for a card)', withLuhnDigit('4111111111111111111')],
    ]);
  });

  describe('maskSensitive: mobile numbers', () => {
    itMasks([
      ['masks a mobile number as 138****5678', '手机13812345678', '手机138****5678', ['mobile']],
      ['masks a mobile number typed 3-4-4 with spaces', '138 0013 8000', '138****8000', ['mobile']],
      ['masks a mobile number typed 3-4-4 with dashes', 'call 138-0013-8000', 'call 138****8000', ['mobile']],
      ['keeps a separate +86 prefix', '+86 138 0013 8000', '+86 138****8000', ['mobile']],
      ['keeps a glued +86 prefix', '+8613800138000', '+86138****8000', ['mobile']],
      ['keeps a glued 86 prefix without the plus', '8613800138000', '86138****8000', ['mobile']],
      ['keeps a separate 0086 prefix', '0086 13800138000', '0086 138****8000', ['mobile']],
      ['masks a mobile number in English text', 'call me on 15912345678 please', 'call me on 159****5678 please', ['mobile']],
      ['masks a mobile number typed in full-width digits', '电话：１３８００１３８０００', '电话：138****8000', ['mobile']],
    ]);
    itLeavesAlone([
      ['leaves 11 digits starting with 12 alone', '12800138000'],
      ['leaves 10 digits alone', '1380013800'],
      ['leaves 12 digits alone', '138001380001'],
      ['leaves a landline number alone', '0755-12345678'],
      ['leaves a mobile-length number in the wrong grouping alone', '1380 0138 000'],
    ]);
  });

  describe('maskSensitive: passwords', () => {
    itMasks([
      ['masks "my password is 123456"', 'my password is 123456', 'my password is ******', ['password']],
      ['masks "password: abc123"', 'password: abc123', 'password: ******', ['password']],
      ['masks "pin 4321" with six stars whatever the length', 'pin 4321', 'pin ******', ['password']],
      ['masks "Password=Secret99"', 'Password=Secret99', 'Password=******', ['password']],
      ['masks "my PIN number is 9876"', 'my PIN number is 9876', 'my PIN number is ******', ['password']],
      ['masks "pwd abc123"', 'pwd abc123', 'pwd ******', ['password']],
      ['masks a passcode', 'passcode: 778899', 'passcode: ******', ['password']],
      ['masks a letters-only password after "is"', 'My password is letmein', 'My password is ******', ['password']],
      ['masks a password with symbols', 'PASSWORD IS Tr0ub4dor&3', 'PASSWORD IS ******', ['password']],
      ['keeps the quotes and full stop around a password', "password is 'hunter2'.", "password is '******'.", ['password']],
      ['masks only the password, not the rest of the sentence', 'my pin is 1234 and my card is blocked', 'my pin is ****** and my card is blocked', ['password']],
      ['masks a password after "changed to"', 'I changed my password to abc12345', 'I changed my password to ******', ['password']],
      ['masks a password written before "is my password"', '123456 is my password', '****** is my password', ['password']],
      ['masks a verification code', 'the verification code is 482913', 'the verification code is ******', ['password']],
      ['masks "密码是 654321"', '密码是 654321', '密码是 ******', ['password']],
      ['masks "密码：123456"', '密码：123456', '密码：******', ['password']],
      ['masks "我的密码为888888"', '我的密码为888888', '我的密码为******', ['password']],
      ['masks "新密码设成了 112233 对吗"', '新密码设成了 112233 对吗', '新密码设成了 ****** 对吗', ['password']],
      ['masks a withdrawal password without a verb', '取款密码 123456', '取款密码 ******', ['password']],
      ['masks a password glued to the keyword', '密码123456', '密码******', ['password']],
      ['masks a passphrase after 口令', '口令是abc123', '口令是******', ['password']],
      ['masks a letters-only password after 是', '密码是abcdef吗', '密码是******吗', ['password']],
      ['masks a password in a yes-no question', '我的密码是不是123456', '我的密码是不是******', ['password']],
      ['masks a password written before 是我的密码', '123456是我的密码', '******是我的密码', ['password']],
      ['masks a PIN written as PIN码', 'PIN码是1234', 'PIN码是******', ['password']],
      ['masks a verification code in Chinese', '验证码是482913', '验证码是******', ['password']],
      ['masks a password typed in full-width digits', '密码是１２３４５６', '密码是******', ['password']],
      ['masks every group of a password typed in groups', '密码是 6222 0212 3456 谢谢', '密码是 ****** 谢谢', ['password']],
      ['masks a password even in a question, since a guess cannot be told from a real one', '初始密码是123456吗', '初始密码是******吗', ['password']],
      ['masks two passwords in one message', '查询密码是123456，取款密码是654321', '查询密码是******，取款密码是******', ['password']],
    ]);
    itLeavesAlone([
      ['leaves "how do I change my password" alone', 'how do I change my password'],
      ['leaves "what is the query password" alone', 'what is the query password'],
      ['leaves "I forgot my password" alone', 'I forgot my password'],
      ['leaves "my password is wrong" alone', 'my password is wrong'],
      ['leaves "my password is not working" alone', 'my password is not working'],
      ['leaves "my password is expired" alone', 'my password is expired'],
      ['leaves "my password is locked" alone', 'my password is locked'],
      ['leaves "what is my password" alone', 'what is my password'],
      ['leaves "the PIN is locked, what should I do?" alone', 'the PIN is locked, what should I do?'],
      ['leaves "which PIN is used for what?" alone', 'can someone explain which PIN is used for what?'],
      ['leaves the 12333 hotline beside a password alone', '查询密码 12333能改吗'],
      ['leaves a year that ends the sentence before "Is the PIN…" alone', 'Moved to Shenzhen Nanshan in 2023. Is the PIN I type at the pharmacy the same as the one for the ATM?'],
      ['leaves "Is my password case sensitive?" alone', 'Is my password case sensitive?'],
      ["leaves \"what's the default pin?\" alone", "what's the default pin?"],
      ['leaves "my password is 6 digits" alone', 'my password is 6 digits'],
      ['leaves "password is 8-16 characters" alone', 'password is 8-16 characters'],
      ['leaves "password reset link" alone', 'password reset link'],
      ['leaves digits after a word that only contains "pin" alone', 'pinyin 123456, spin 4321'],
      ['leaves "忘记密码怎么办" alone', '忘记密码怎么办'],
      ['leaves "密码是什么" alone', '密码是什么'],
      ['leaves "查询密码是哪个" alone', '查询密码是哪个'],
      ['leaves "密码是6位数字吗" alone', '密码是6位数字吗'],
      ['leaves "密码是6-8位" alone', '密码是6-8位'],
      ['leaves "密码错误3次被锁了怎么办" alone', '密码错误3次被锁了怎么办'],
      ['leaves "修改密码要带什么材料" alone', '修改密码要带什么材料'],
      ['leaves "服务密码和查询密码有什么区别" alone', '服务密码和查询密码有什么区别'],
      ['leaves "密码忘了，打12333可以吗" alone', '密码忘了，打12333可以吗'],
      ['leaves "密码是ok的" alone (too short to be a secret)', '密码是ok的'],
      ['leaves an already-masked number after a password keyword alone', 'password: 138****8000'],
      ['leaves an already-masked password alone', 'Password: ******'],
      ['leaves a capitalised ordinary word after "password is" alone', 'the password is Locked'],
      ['leaves a year followed by 年 alone', '密码是2026年改的'],
      ['leaves "密码是身份证后6位" alone', '密码是身份证后6位'],
    ]);
  });

  describe('maskSensitive: text that is not personal data', () => {
    itLeavesAlone([
      ['leaves a Chinese date alone', '2026年3月3日办的卡'],
      ['leaves an ISO date alone', '2026-03-03'],
      ['leaves a date and time alone', '2026-03-03 10:30'],
      ['leaves an amount alone', '报销了300元'],
      ['leaves a large amount alone', '1,000,000元'],
      ['leaves the 12333 hotline alone', '请拨打12333咨询'],
      ['leaves short numbers alone', '第3次，ID 1234'],
      ['leaves a Chinese question without numbers alone', '社保卡有什么用？'],
      ['leaves an English question without numbers alone', 'How do I activate the financial account?'],
      ['leaves full-width digits that are not personal data as typed', '电话１２３３３'],
      ['leaves an empty string alone', ''],
    ]);
  });

  describe('maskSensitive: precedence', () => {
    it('treats an 18-digit valid ID as an ID even when it also passes Luhn', () => {
      const id = '440306199001011252';
      expect([isValidResidentId(id), passesLuhn(id)]).to.deep.equal([true, true]);
      expect(maskSensitive(id)).to.deep.equal({ text: '440306********1252', found: ['id-number'] });
    });

    it('treats a 15-digit valid legacy ID as an ID even when it also passes Luhn', () => {
      const id = '110105491231100';
      expect([isValidResidentId(id), passesLuhn(id)]).to.deep.equal([true, true]);
      expect(maskSensitive(id)).to.deep.equal({ text: '110105******100', found: ['id-number'] });
    });

    it('treats 86 followed by a mobile number as a mobile even when it passes Luhn', () => {
      expect(passesLuhn('8613800138002')).to.equal(true);
      expect(maskSensitive('8613800138002')).to.deep.equal({ text: '86138****8002', found: ['mobile'] });
    });

    it('prefers a mobile number to a longer card-shaped run that starts with it', () => {
      expect(passesLuhn('1380013800012340009')).to.equal(true);
      expect(maskSensitive('13800138000 1234 0009')).to.deep.equal({
        text: '138****8000 1234 0009',
        found: ['mobile'],
      });
    });

    it('takes the longer card when a card and a longer card start at the same digit', () => {
      expect([passesLuhn('4111111111111111'), passesLuhn('4111111111111111003')]).to.deep.equal([true, true]);
      expect(maskSensitive('4111 1111 1111 1111 003')).to.deep.equal({
        text: '4111***********1003',
        found: ['bank-card'],
      });
    });

    itMasks([
      ['reports a mobile number after a password keyword as a password', '密码是13800138000', '密码是******', ['password']],
      ['reports a valid ID after a password keyword as a password', 'my password is 11010519491231002X', 'my password is ******', ['password']],
      ['masks an invalid ID number when it is in a password phrase', '密码是110105194912310021', '密码是******', ['password']],
      ['masks a Luhn-failing number when it is in a password phrase', 'pin: 4111111111111112', 'pin: ******', ['password']],
    ]);
  });

  describe('maskSensitive: found kinds', () => {
    itMasks([
      [
        'lists every kind in order of first appearance (Chinese)',
        '卡号4111111111111111，手机13800138000，身份证11010519491231002X，密码123456',
        '卡号4111********1111，手机138****8000，身份证110105********002X，密码******',
        ['bank-card', 'mobile', 'id-number', 'password'],
      ],
      [
        'lists each kind once even when it appears twice (English)',
        'pin 123456, ID 11010519491231002X, phones 13800138000 and 13900139000',
        'pin ******, ID 110105********002X, phones 138****8000 and 139****9000',
        ['password', 'id-number', 'mobile'],
      ],
    ]);
  });

  describe('maskSensitive: hostile input', () => {
    function pseudoRandomDigits(length: number): string {
      let state = 12345;
      let digits = '';
      for (let index = 0; index < length; index += 1) {
        state = (state * 1103515245 + 12345) % 2147483648;
        digits += String(state % 10);
      }
      return digits;
    }

    it('returns a 100,000-digit string unchanged', () => {
      const digits = pseudoRandomDigits(100_000);
      expect(maskSensitive(digits)).to.deep.equal({ text: digits, found: [] });
    });

    it('returns a 10,000-digit run unchanged', () => {
      const digits = '9'.repeat(10_000);
      expect(maskSensitive(digits).text).to.equal(digits);
    });

    it('masks every occurrence in a 100,000-character mixed string', () => {
      const sample = '身份证11010519491231002X 密码是654321 call 13800138000 card 4111-1111-1111-1111 2026年3月3日 ';
      const text = sample.repeat(Math.ceil(100_000 / sample.length));
      const result = maskSensitive(text);
      expect(result.found).to.deep.equal(['id-number', 'password', 'mobile', 'bank-card']);
      for (const secret of ['11010519491231002X', '654321', '13800138000', '4111-1111-1111-1111']) {
        expect(result.text).to.not.include(secret);
      }
      expect(result.text.split('2026年3月3日').length).to.equal(text.split('2026年3月3日').length);
    });

    const degenerate: readonly (readonly [string, string])[] = [
      ['single digits separated by spaces', '1 '.repeat(50_000)],
      ['single digits separated by dashes', '1-'.repeat(50_000)],
      ['stars and digits', '*1'.repeat(50_000)],
      ['lone surrogates', '\uD800'.repeat(100_000)],
    ];
    for (const [description, text] of degenerate) {
      it(`returns 100,000 characters of ${description} unchanged`, () => {
        expect(maskSensitive(text)).to.deep.equal({ text, found: [] });
      });
    }

    const keywordFloods: readonly (readonly [string, string])[] = [
      ['repeated "password:"', 'password:'.repeat(12_000)],
      ['"pin" words joined by dashes', `pin ${'pin-'.repeat(25_000)}`],
      ['repeated "密码是"', '密码是'.repeat(34_000)],
      ['repeated "password is " without a secret', 'password is '.repeat(9_000)],
      ['card-shaped groups separated by spaces', '4111 '.repeat(20_000)],
      ['repeated "123456是我的密码"', '123456是我的密码'.repeat(10_000)],
    ];
    for (const [description, text] of keywordFloods) {
      it(`finishes on 100,000 characters of ${description} without growing the text`, () => {
        const result = maskSensitive(text);
        expect(result.text.length).to.be.at.most(text.length);
      });
    }

    it('masks the secrets in a 100,000-character flood of "123456是我的密码"', () => {
      const result = maskSensitive('123456是我的密码'.repeat(10_000));
      expect(result.text).to.equal('******是我的密码'.repeat(10_000));
    });

    itMasks([
      ['keeps control characters around a masked ID', '\u0000\u0007身份证11010519491231002X\u001b[0m\u007f', '\u0000\u0007身份证110105********002X\u001b[0m\u007f', ['id-number']],
      ['keeps unpaired surrogates around a masked mobile number', '\uD800手机13800138000\uDFFF', '\uD800手机138****8000\uDFFF', ['mobile']],
      ['masks an ID wrapped in right-to-left override characters', '\u202E11010519491231002X\u202C', '\u202E110105********002X\u202C', ['id-number']],
      ['masks a password after a tab', 'password:\tabc123', 'password:\t******', ['password']],
    ]);
  });

  describe('maskDeep', () => {
    it('masks strings at any depth and keeps other values', () => {
      const state = {
        user: { phone: '13800138000', notes: ['密码是123456', 'hello'] },
        count: 3,
        isActive: true,
        nothing: null,
        phoneAsNumber: 13800138000,
      };
      expect(maskDeep(state)).to.deep.equal({
        user: { phone: '138****8000', notes: ['密码是******', 'hello'] },
        count: 3,
        isActive: true,
        nothing: null,
        phoneAsNumber: 13800138000,
      });
    });

    it('does not change the value it was given', () => {
      const state = { transcript: ['身份证11010519491231002X'] };
      maskDeep(state);
      expect(state).to.deep.equal({ transcript: ['身份证11010519491231002X'] });
    });

    it('masks a top-level string and a top-level array', () => {
      expect(maskDeep('pin 4321')).to.equal('pin ******');
      expect(maskDeep(['4111111111111111', 42])).to.deep.equal(['4111********1111', 42]);
    });

    it('keeps cycles and shared references', () => {
      const shared = { phone: '13800138000' };
      const root: Record<string, unknown> = { first: shared, second: shared };
      root['self'] = root;
      const masked = maskDeep(root);
      expect(masked['self']).to.equal(masked);
      expect(masked['first']).to.equal(masked['second']);
      expect(masked['first']).to.deep.equal({ phone: '138****8000' });
    });

    it('returns dates and class instances as they are', () => {
      const when = new Date(0);
      const masked = maskDeep({ when });
      expect(masked.when).to.equal(when);
    });

    it('keeps an own "__proto__" key from parsed JSON as a plain key', () => {
      const parsed: unknown = JSON.parse('{"__proto__": {"phone": "13800138000"}}');
      const masked = maskDeep(parsed) as Record<string, unknown>;
      expect(Object.getPrototypeOf(masked)).to.equal(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(masked, '__proto__')?.value).to.deep.equal({ phone: '138****8000' });
    });

    it('handles nesting 100,000 levels deep', () => {
      type Nested = { next?: Nested; phone?: string };
      const root: Nested = {};
      let cursor = root;
      for (let depth = 0; depth < 100_000; depth += 1) {
        const next: Nested = {};
        cursor.next = next;
        cursor = next;
      }
      cursor.phone = '13800138000';
      let maskedCursor: Nested | undefined = maskDeep(root);
      while (maskedCursor?.next !== undefined) maskedCursor = maskedCursor.next;
      expect(maskedCursor?.phone).to.equal('138****8000');
    });
  });

  describe('properties', () => {
    const digit = fc.integer({ min: 0, max: 9 }).map(String);
    const digitString = (length: number): fc.Arbitrary<string> =>
      fc.array(digit, { minLength: length, maxLength: length }).map((digits) => digits.join(''));

    const firstDay = Date.UTC(1900, 0, 1);
    const dayCount = (Date.UTC(2099, 11, 31) - firstDay) / 86_400_000;
    const residentId = fc
      .record({
        region: fc.integer({ min: 100_000, max: 999_999 }),
        day: fc.integer({ min: 0, max: dayCount }),
        sequence: digitString(3),
        isLowerCaseX: fc.boolean(),
        isGrouped: fc.boolean(),
      })
      .map(({ region, day, sequence, isLowerCaseX, isGrouped }) => {
        const birth = new Date(firstDay + day * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
        let id = withIdCheckCharacter(`${region}${birth}${sequence}`);
        if (isLowerCaseX) id = id.replace('X', 'x');
        return { text: isGrouped ? `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}` : id, compact: id };
      });

    const bankCard = fc
      .record({
        length: fc.integer({ min: 13, max: 19 }),
        body: digitString(18),
        separator: fc.constantFrom('', ' ', '-'),
      })
      .map(({ length, body, separator }) => {
        const card = withLuhnDigit(body.slice(0, length - 1));
        const groups = card.match(/.{1,4}/g) ?? [card];
        return { text: groups.join(separator), compact: card };
      });

    const mobile = fc
      .record({
        second: fc.integer({ min: 3, max: 9 }),
        rest: digitString(9),
        format: fc.constantFrom('compact', 'spaced', 'dashed', 'prefixed'),
      })
      .map(({ second, rest, format }) => {
        const number = `1${second}${rest}`;
        const spaced = `${number.slice(0, 3)} ${number.slice(3, 7)} ${number.slice(7)}`;
        const text =
          format === 'spaced' ? spaced
          : format === 'dashed' ? spaced.replaceAll(' ', '-')
          : format === 'prefixed' ? `+86 ${number}`
          : number;
        return { text, compact: number };
      });

    // Pieces chosen to collide with the scanner's rules: digits, separators, stars, X, keywords.
    const spicyUnit = fc.oneof(
      fc.constantFrom(
        '0', '1', '3', '8', '９', ' ', '-', '\u3000', '*', '****', 'X', 'x', '+86', ':', '：', '是', '为',
        '密码', 'pin', 'password', ' is ', 'my', '的', '号', '位', '.', ',', '\n', '\uD800', '\u202E',
      ),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    );
    const filler = fc.string({ unit: spicyUnit, maxLength: 12 });
    const separator = fc.constantFrom(' ', '，', '。', '\n', 'a', '号', ', ', ' / ', '-', ':');
    const sensitive = fc.oneof(residentId, bankCard, mobile);

    it('never lets a valid ID, Luhn-valid card or mobile number from the input through', () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(filler, separator, sensitive, separator), { maxLength: 5 }), filler, (pieces, tail) => {
          const input = pieces.map(([before, left, secret, right]) => before + left + secret.text + right).join('') + tail;
          const output = maskSensitive(input).text;
          for (const [, , secret] of pieces) {
            expect(output).to.not.include(secret.text);
            expect(output).to.not.include(secret.compact);
            expect(output).to.not.include(secret.compact.toUpperCase());
          }
        }),
        { numRuns: 500 },
      );
    });

    it('is idempotent: masking masked text changes nothing', () => {
      const piece = fc.oneof(filler, sensitive.map((secret) => secret.text));
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
          const once = maskSensitive(pieces.join('')).text;
          expect(maskSensitive(once)).to.deep.equal({ text: once, found: [] });
        }),
        { numRuns: 1000 },
      );
    });

    it('reports nothing exactly when it changes nothing', () => {
      const piece = fc.oneof(filler, sensitive.map((secret) => secret.text));
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
          const input = pieces.join('');
          const result = maskSensitive(input);
          expect(result.found.length === 0).to.equal(result.text === input);
        }),
        { numRuns: 500 },
      );
    });

    it('leaves text without digits and without password keywords unchanged', () => {
      const keywords = ['密码', '密碼', '口令', '验证码', '驗證碼', 'password', 'passcode', 'passwd', 'pwd', 'pin', 'otp', 'verification code'];
      const text = fc.string({ unit: spicyUnit, maxLength: 40 }).filter((candidate) => {
        const folded = candidate.normalize('NFKC').toLowerCase();
        return !/[0-9０-９]/.test(candidate) && !keywords.some((keyword) => folded.includes(keyword));
      });
      fc.assert(
        fc.property(text, (candidate) => {
          expect(maskSensitive(candidate)).to.deep.equal({ text: candidate, found: [] });
        }),
        { numRuns: 1000 },
      );
    });
  });
});
