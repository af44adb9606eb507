import { describe, expect, it } from 'vitest';
import { passwordProblems } from './auth';
import { createUserBody } from './users';

describe('password policy', () => {
  it.each([
    ['Abcdefg1', 0],
    ['abcdefg1!', 0],
    ['ABCDEFG1!', 0],
    ['abcdefgh', 1],
    ['abcdefg1', 1],
    ['Ab1!', 1],
    ['abc', 2],
  ])('%s has %i problem(s)', (pw, n) => {
    expect(passwordProblems(pw)).toHaveLength(n);
  });
});

describe('user form rules', () => {
  const base = { username: 'zhang.san', displayName: '张三', initialPassword: 'Init#Pass1' };
  it('needs an organization for enterprise users and a consortium for secretariats', () => {
    const e = createUserBody.safeParse({ ...base, roles: ['enterprise'] });
    expect(e.success).toBe(false);
    expect(e.error?.issues.map((i) => i.path.join('.'))).toContain('orgId');
    const s = createUserBody.safeParse({ ...base, roles: ['secretariat'] });
    expect(s.error?.issues.map((i) => i.path.join('.'))).toContain('consortiumId');
  });
  it('keeps administrator duties single', () => {
    const r = createUserBody.safeParse({ ...base, roles: ['secadmin', 'official'] });
    expect(r.error?.issues[0]?.message).toMatch(/三员/);
    expect(createUserBody.safeParse({ ...base, roles: ['secadmin'] }).success).toBe(true);
  });
});
