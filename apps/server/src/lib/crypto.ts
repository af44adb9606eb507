import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** SM3 (GB/T 32905) hex digest. */
export function sm3(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Field encryption for personal data (身份证号, phone): SM4-CTR with an HMAC-SM3 tag
 * (encrypt-then-MAC). Format `v1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url), so keys can rotate.
 */
export class FieldCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;
  private readonly digestKey: Buffer;
  readonly keyId: string;

  constructor(masterHex: string) {
    const master = Buffer.from(masterHex, 'hex');
    this.encKey = createHmac('sm3', master).update('chanjiao-field-enc').digest().subarray(0, 16);
    this.macKey = createHmac('sm3', master).update('chanjiao-field-mac').digest();
    this.digestKey = createHmac('sm3', master).update('chanjiao-field-digest').digest();
    this.keyId = sm3(master).slice(0, 8);
  }

  encrypt(plain: string): string {
    const iv = randomBytes(16);
    const c = createCipheriv('sm4-ctr', this.encKey, iv);
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    const tag = createHmac('sm3', this.macKey).update(iv).update(ct).digest();
    return ['v1', this.keyId, iv.toString('base64url'), ct.toString('base64url'), tag.toString('base64url')].join('.');
  }

  /**
   * A keyed HMAC-SM3 digest (hex) of a field value: equal values give equal digests, so it can be a
   * unique key and a lookup (身份证号 in imports) without storing the value; without the key it
   * cannot be computed from guessed values. Changes when the field key rotates.
   */
  digest(plain: string): string {
    return createHmac('sm3', this.digestKey).update(plain, 'utf8').digest('hex');
  }

  decrypt(token: string): string {
    const [v, keyId, ivB, ctB, tagB] = token.split('.');
    if (v !== 'v1' || !ivB || !ctB || !tagB) throw new Error('malformed encrypted field');
    if (keyId !== this.keyId) throw new Error(`encrypted with another key (${keyId})`);
    const iv = Buffer.from(ivB, 'base64url');
    const ct = Buffer.from(ctB, 'base64url');
    const tag = Buffer.from(tagB, 'base64url');
    const expect = createHmac('sm3', this.macKey).update(iv).update(ct).digest();
    if (tag.length !== expect.length || !timingSafeEqual(tag, expect))
      throw new Error('encrypted field failed its integrity check');
    const d = createDecipheriv('sm4-ctr', this.encKey, iv);
    return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
  }
}

/** 138****1234 */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** 5001**********1234 */
export function maskIdCard(id: string | null): string | null {
  if (!id) return null;
  return id.length > 8 ? `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}` : '****';
}
