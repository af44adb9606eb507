/**
 * 统一社会信用代码 (GB 32100-2015) for test data: 18 characters from a 31-character set, the last a
 * check character over the first 17 with weights 3^i mod 31. (Reimplemented here: e2e does not
 * import workspace code.)
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error(`need 17 characters, got ${first17.length}`);
  let sum = 0;
  let weight = 1;
  for (const ch of first17) {
    const v = CHARSET.indexOf(ch);
    if (v < 0) throw new Error(`character ${ch} is not allowed in a credit code`);
    sum += v * weight;
    weight = (weight * 3) % 31;
  }
  return CHARSET[(31 - (sum % 31)) % 31]!;
}

/** A valid code for an enterprise (登记管理部门 9, 类别 1) in the given district, random otherwise. */
export function randomCreditCode(district = '500112'): string {
  let orgCode = '';
  for (let i = 0; i < 9; i++) orgCode += CHARSET[Math.floor(Math.random() * 10)];
  const first17 = `91${district}${orgCode}`;
  return first17 + creditCodeCheckChar(first17);
}

/** The same code with a wrong check character, and the one it should have. */
export function withWrongCheckChar(code: string): { wrong: string; expected: string } {
  const expected = code[17]!;
  const wrong = code.slice(0, 17) + (expected === '0' ? '1' : '0');
  return { wrong, expected };
}
