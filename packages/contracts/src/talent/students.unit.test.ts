import { describe, expect, it } from 'vitest';
import {
  birthDateOfIdCard,
  cohortInput,
  cohortSumProblem,
  createStudentBody,
  idCardCheckChar,
  idCardProblem,
  normalizeIdCard,
} from './students';

describe('身份证号 (GB 11643-1999)', () => {
  it('computes the check character of the standard’s example and of an X case', () => {
    expect(idCardCheckChar('11010519491231002')).toBe('X');
    expect(idCardCheckChar('50010619900307123')).toBe('8');
    expect(idCardProblem('11010519491231002X')).toBeNull();
    expect(idCardProblem('500106199003071238')).toBeNull();
    expect(idCardProblem('555555188001010000')).toMatch(/出生日期/);
  });

  it('names the expected check character when it is wrong', () => {
    expect(idCardProblem('110105194912310021')).toBe('身份证号校验位不正确：末位应为“X”，当前为“1”');
  });

  it('refuses wrong lengths, letters and impossible birth dates', () => {
    expect(idCardProblem('11010519491231002')).toMatch(/应为 18 位，当前为 17 位/);
    expect(idCardProblem('1101051949123100AX')).toMatch(/前 17 位应为数字/);
    const feb30 = `11010519490230002`;
    expect(idCardProblem(feb30 + idCardCheckChar(feb30))).toMatch(/出生日期 19490230 无效/);
  });

  it('normalizes full-width digits, spaces and a lower-case x', () => {
    expect(normalizeIdCard(' １１０１０５１９４９１２３１００２ｘ ')).toBe('11010519491231002X');
    expect(normalizeIdCard('110105 19491231 002x')).toBe('11010519491231002X');
    expect(birthDateOfIdCard('11010519491231002X')).toBe('1949-12-31');
  });

  it('the form schema normalizes and checks it', () => {
    const base = { name: '张三', level: 'associate', majorCode: '460301', grade: 2023 };
    expect(createStudentBody.parse({ ...base, idCard: '11010519491231002x' }).idCard).toBe('11010519491231002X');
    const r = createStudentBody.safeParse({ ...base, idCard: '110105194912310021' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('末位应为“X”');
  });
});

describe('graduate destinations', () => {
  it('must add up to the graduates', () => {
    const v = { graduates: 10, employed: 6, furtherStudy: 2, military: 1, startup: 0, unplaced: 1 };
    expect(cohortSumProblem(v)).toBeNull();
    expect(cohortSumProblem({ ...v, unplaced: 0 })).toBe(
      '就业、升学、参军、创业、未落实人数之和（9）应等于毕业生人数（10）',
    );
    expect(cohortInput.safeParse({ majorCode: '460301', year: 2024, ...v, employed: 7 }).success).toBe(false);
    expect(cohortInput.safeParse({ majorCode: '460301', year: 2024, ...v }).success).toBe(true);
  });
});
