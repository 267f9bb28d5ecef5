import { ConverterBuilder, type ConverterFunction } from 'opencc-js/core';
import * as toMainland from 'opencc-js/preset/t2cn';

/** Any character of the CJK ideograph blocks: text without one has nothing to convert. */
const HAN = /\p{Script=Han}/u;

/** Built once at start-up (about 20 ms for its dictionary trie), not on the first Chinese message of a turn. */
const convert: ConverterFunction = ConverterBuilder(toMainland)({ from: 'tw', to: 'cn' });

/**
 * Traditional characters written as mainland simplified ones ("信息查詢密碼在哪裡改" → "信息查询密码在哪里改"), with
 * OpenCC's dictionaries (Taiwan forms and phrases to mainland): the knowledge base is written in simplified
 * Chinese, and citizens who type traditional characters ask the same questions. Messages only: the content is
 * simplified already, and converting its 16,000 phrases at 1,000 entries would double the index build.
 */
export function toSimplifiedChinese(text: string): string {
  if (!HAN.test(text)) return text;
  // A turn converts its one message several times (control phrases, votes, the knowledge index): the last is kept.
  if (text !== last.text) {
    last.text = text;
    last.simplified = convert(text);
  }
  return last.simplified;
}

const last = { text: '', simplified: '' };
