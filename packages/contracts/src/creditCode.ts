/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character set (no I, O, Z, S, V);
 * the last is a check character over the first 17 with weights 3^i mod 31.
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Upper-cases, turns full-width characters into ASCII and drops spaces and dashes. */
export function normalizeCreditCode(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000-]/g, '')
    .toUpperCase();
}

export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(first17[i] ?? '');
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  const c = (31 - (sum % 31)) % 31;
  return CHARSET[c]!;
}

/** Why a (normalized) code is not valid, in Chinese; null when it is. */
export function creditCodeProblem(code: string): string | null {
  if (code.length !== 18) return `统一社会信用代码应为 18 位（当前 ${code.length} 位）`;
  const bad = [...code].find((ch) => !CHARSET.includes(ch));
  if (bad) return `统一社会信用代码含有不允许的字符“${bad}”（不使用 I、O、Z、S、V）`;
  const expect = creditCodeCheckChar(code.slice(0, 17));
  if (expect !== code[17]) return `统一社会信用代码校验位错误（应为 ${expect}）`;
  return null;
}

export function isValidCreditCode(raw: string): boolean {
  return creditCodeProblem(normalizeCreditCode(raw)) === null;
}
