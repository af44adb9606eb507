import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FieldCipher, maskIdCard, maskPhone, sm3 } from './crypto';

describe('SM3', () => {
  it('matches the GB/T 32905 test vector for "abc"', () => {
    expect(sm3('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
});

describe('field encryption (SM4-CTR + HMAC-SM3)', () => {
  const cipher = new FieldCipher(randomBytes(32).toString('hex'));

  it('round-trips and never repeats a ciphertext', () => {
    const a = cipher.encrypt('500101200001011234');
    const b = cipher.encrypt('500101200001011234');
    expect(a).not.toBe(b);
    expect(a).not.toContain('500101');
    expect(cipher.decrypt(a)).toBe('500101200001011234');
  });

  it('detects tampering and a wrong key', () => {
    const token = cipher.encrypt('13800001111');
    const parts = token.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    parts[3] = ct.toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'))).toThrow(/integrity/);
    expect(() => new FieldCipher(randomBytes(32).toString('hex')).decrypt(token)).toThrow(/another key/);
  });
});

describe('masking', () => {
  it('keeps only the ends', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskIdCard('500101200001011234')).toBe('5001**********1234');
    expect(maskPhone(null)).toBeNull();
  });
});
