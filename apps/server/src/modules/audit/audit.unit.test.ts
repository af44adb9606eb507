import { describe, expect, it } from 'vitest';
import { canonicalJson, diffOf, entryHash, GENESIS_HASH } from './audit.service';

describe('canonical JSON', () => {
  it('is independent of key order at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
  });
});

describe('diffOf', () => {
  it('keeps changed fields only, as [before, after]', () => {
    expect(diffOf({ a: 1, b: 'x', c: [1] }, { a: 1, b: 'y', c: [1] })).toEqual({ b: ['x', 'y'] });
  });
  it('never records secrets', () => {
    expect(diffOf(null, { name: 'n', passwordHash: 'h', initialPassword: 'p' })).toEqual({ created: { name: 'n' } });
  });
});

describe('entryHash', () => {
  const row = {
    id: 1,
    at: new Date('2026-01-01T00:00:00.000Z'),
    actorId: null,
    actorUsername: 'admin',
    actorRoles: 'sysadmin',
    action: 'user.create',
    entity: 'user',
    entityId: 'u1',
    result: 'success',
    diff: { a: 1 },
    ip: '127.0.0.1',
    requestId: 'r1',
    prevHash: GENESIS_HASH,
  };
  it('changes with any field', () => {
    const h = entryHash(row);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash({ ...row, actorUsername: 'other' })).not.toBe(h);
    expect(entryHash({ ...row, diff: { a: 2 } })).not.toBe(h);
    expect(entryHash({ ...row, prevHash: '1'.repeat(64) })).not.toBe(h);
  });
});
