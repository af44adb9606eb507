import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { checkFile } from './check-layers.mjs';

describe('layering lint', () => {
  it('lets the web app import contracts and npm packages only', () => {
    expect(
      checkFile('apps/web/src/a.tsx', "import { api } from '@chanjiao/contracts';\nimport x from 'antd';"),
    ).toEqual([]);
    expect(checkFile('apps/web/src/a.tsx', "import { users } from '@chanjiao/db';")).toHaveLength(1);
    expect(checkFile('apps/web/src/a.tsx', "import { x } from '../../server/src/app';")).toHaveLength(1);
  });
  it('keeps contracts on zod alone', () => {
    expect(checkFile('packages/contracts/src/a.ts', "import { z } from 'zod';\nimport { b } from './b';")).toEqual([]);
    expect(checkFile('packages/contracts/src/a.ts', "import dayjs from 'dayjs';")).toHaveLength(1);
  });
  it('makes modules meet through index.ts', () => {
    const f = 'apps/server/src/modules/org/org.service.ts';
    expect(checkFile(f, "import { appendAudit } from '../audit';")).toEqual([]);
    expect(checkFile(f, "import { appendAudit } from '../audit/audit.service';")).toHaveLength(1);
    expect(checkFile(f, "import * as repo from './org.repository';")).toEqual([]);
  });
  it('keeps SQL out of routes and services', () => {
    expect(checkFile('apps/server/src/modules/org/org.routes.ts', "import { eq } from 'drizzle-orm';")).toHaveLength(1);
    expect(
      checkFile('apps/server/src/modules/org/org.routes.ts', "import * as r from './org.repository';"),
    ).toHaveLength(1);
    expect(checkFile('apps/server/src/modules/org/org.service.ts', "import { eq } from 'drizzle-orm';")).toHaveLength(
      1,
    );
    expect(checkFile('apps/server/src/modules/org/org.service.ts', "import type { SQL } from 'drizzle-orm';")).toEqual(
      [],
    );
  });
  it('lets only env.ts read process.env', () => {
    expect(checkFile('apps/server/src/main.ts', 'const p = process.env.PORT;')).toHaveLength(1);
    expect(checkFile('apps/server/src/env.ts', 'parse(process.env)')).toEqual([]);
  });
});
