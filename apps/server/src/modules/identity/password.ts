import { passwordProblems } from '@chanjiao/contracts';
import argon2 from 'argon2';
import { AppError } from '../../lib/errors';

/** argon2id with OWASP-recommended parameters (19 MiB, 2 passes). */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(pw: string): Promise<string> {
  return argon2.hash(pw, OPTIONS);
}

export async function verifyPassword(hash: string, pw: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, pw);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Spends the same time as a real check, so unknown usernames cannot be told apart by timing. */
export async function burnVerify(pw: string): Promise<void> {
  dummy ??= hashPassword('chanjiao-timing-equaliser-Aa1!');
  await verifyPassword(await dummy, pw);
}

/** Throws PASSWORD_POLICY with every problem listed. */
export function assertPasswordPolicy(pw: string): void {
  const problems = passwordProblems(pw);
  if (problems.length)
    throw new AppError(
      'PASSWORD_POLICY',
      { 'zh-CN': `密码不符合安全策略：${problems.join('；')}` },
      problems.map((message) => ({ path: 'newPassword', message })),
    );
}
