import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FieldCipher, sm3 } from './crypto';

describe('field digest (HMAC-SM3 with a key derived from the field key)', () => {
  const master = randomBytes(32).toString('hex');
  const cipher = new FieldCipher(master);

  it('is stable for one value and key, and differs for another value', () => {
    const a = cipher.digest('11010519491231002X');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.digest('11010519491231002X')).toBe(a);
    expect(cipher.digest('110105194912310021')).not.toBe(a);
  });

  it('depends on the key: another key, a plain SM3 or the MAC key give other digests', () => {
    const v = '11010519491231002X';
    expect(new FieldCipher(randomBytes(32).toString('hex')).digest(v)).not.toBe(cipher.digest(v));
    expect(cipher.digest(v)).not.toBe(sm3(v));
    const macKey = createHmac('sm3', Buffer.from(master, 'hex')).update('chanjiao-field-mac').digest();
    expect(cipher.digest(v)).not.toBe(createHmac('sm3', macKey).update(v).digest('hex'));
  });
});
