import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, otpauthUri, verifyTotp } from './totp';

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890".
const seed = Buffer.from('12345678901234567890');
const b32 = base32Encode(seed);

describe('TOTP', () => {
  it('round-trips base32', () => {
    expect(b32).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode(b32).equals(seed)).toBe(true);
  });

  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('matches the RFC 6238 vector at T=%i', (t, code) => {
    expect(hotp(seed, Math.floor(t / 30))).toBe(code);
    expect(verifyTotp(b32, code, t * 1000)).toBe(Math.floor(t / 30));
  });

  it('accepts one step of drift, refuses replays and wrong codes', () => {
    const t = 1111111109 * 1000;
    expect(verifyTotp(b32, '081804', t + 30_000)).not.toBeNull();
    expect(verifyTotp(b32, '081804', t + 90_000)).toBeNull();
    const step = verifyTotp(b32, '081804', t)!;
    expect(verifyTotp(b32, '081804', t, step)).toBeNull();
    expect(verifyTotp(b32, '000000', t)).toBeNull();
    expect(verifyTotp(b32, 'abc', t)).toBeNull();
  });

  it('builds an otpauth URI for authenticator apps', () => {
    expect(otpauthUri(b32, 'admin')).toMatch(/^otpauth:\/\/totp\/.+\?secret=GEZD.+&issuer=/);
  });
});
