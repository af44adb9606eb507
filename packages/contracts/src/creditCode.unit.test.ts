import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, creditCodeProblem, isValidCreditCode, normalizeCreditCode } from './creditCode';

describe('统一社会信用代码 (GB 32100)', () => {
  it('accepts published codes', () => {
    // 91350100M000100Y43 is the worked example used in explanations of GB 32100.
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    const body = '91500000MA5U00000';
    expect(isValidCreditCode(body + creditCodeCheckChar(body))).toBe(true);
  });
  it('normalizes full-width characters, spaces and lower case', () => {
    expect(normalizeCreditCode('９１３５０１００ｍ０００１００ｙ４３ ')).toBe('91350100M000100Y43');
    expect(isValidCreditCode('91350100m000100y43')).toBe(true);
  });
  it('explains what is wrong', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toMatch(/校验位错误（应为 3）/);
    expect(creditCodeProblem('91350100M000100Y4')).toMatch(/18 位/);
    expect(creditCodeProblem('91350100M000100I43')).toMatch(/不允许的字符“I”/);
  });
});
