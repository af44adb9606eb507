import { Input, type InputProps, type InputRef } from 'antd';
import type { Ref } from 'react';

/** Keeps only digits, at most 6: what an authenticator shows, whatever was typed or pasted. */
export const normalizeCode = (v: string | undefined) => (v ?? '').replace(/\D/g, '').slice(0, 6);

/**
 * The 6-digit authenticator code field: numeric keyboard on phones, and `one-time-code` so
 * browsers and password managers can fill it. Use with `normalize={normalizeCode}` on the Form.Item.
 */
export function OtpInput({ ref, ...props }: Omit<InputProps, 'maxLength'> & { ref?: Ref<InputRef> }) {
  return (
    <Input
      ref={ref}
      autoFocus
      inputMode="numeric"
      pattern="[0-9]*"
      autoComplete="one-time-code"
      maxLength={6}
      placeholder="000000"
      className="otp-input"
      {...props}
    />
  );
}
