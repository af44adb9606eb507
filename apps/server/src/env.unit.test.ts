import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';

describe('configuration', () => {
  it('defaults to the embedded database in demo mode on port 3000', () => {
    const c = parseEnv({});
    expect(c).toMatchObject({ port: 3000, databaseUrl: undefined, demoMode: true, dataDir: './data' });
  });
  it('turns demo mode off with a real server unless asked', () => {
    expect(parseEnv({ DATABASE_URL: 'postgres://u@h/db' }).demoMode).toBe(false);
    expect(parseEnv({ DATABASE_URL: 'postgres://u@h/db', DEMO_MODE: 'true' }).demoMode).toBe(true);
  });
  it('names every bad setting', () => {
    expect(() => parseEnv({ PORT: 'abc', DATABASE_URL: 'mysql://x', FIELD_ENCRYPTION_KEY: 'short' })).toThrow(
      /PORT[\s\S]*DATABASE_URL[\s\S]*FIELD_ENCRYPTION_KEY/,
    );
  });
});
