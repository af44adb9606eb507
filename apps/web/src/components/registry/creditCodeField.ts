import { creditCode } from '@chanjiao/contracts';
import type { FormInstance } from 'antd';

/**
 * Checks a 统一社会信用代码 field when it is left, with the contract's message (length, a
 * character not allowed, or the expected check character), and normalizes a valid one.
 */
export function checkCreditCodeField<T>(form: FormInstance<T>, name: string): void {
  const raw = form.getFieldValue(name as never) as string | undefined;
  if (!raw?.trim()) return;
  const parsed = creditCode.safeParse(raw);
  if (parsed.success) form.setFieldValue(name as never, parsed.data as never);
  form.setFields([
    { name: name as never, errors: parsed.success ? [] : parsed.error.issues.map((i) => i.message) },
  ] as never);
}
