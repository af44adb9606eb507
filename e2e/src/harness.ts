import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const screenshotDir = join(repoRoot, 'e2e', 'screenshots');
export const demoPassword = 'Demo@2023';

export const desktop = { viewport: { width: 1920, height: 1080 } } as const;
export const phone = {
  viewport: { width: 375, height: 812 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
} as const;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Harness {
  baseUrl: string;
  browser: Browser;
  /** A fresh browser context (own cookies) at desktop or phone size. */
  newContext: (size?: 'desktop' | 'phone') => Promise<BrowserContext>;
  /** Server output so far, for failure messages. */
  serverLog: () => string;
  close: () => Promise<void>;
}

/**
 * Starts the built server on a free port with its own temporary data directory (embedded
 * database, demo mode), waits for /api/health, and launches headless Chromium.
 */
export async function startHarness(): Promise<Harness> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'chanjiao-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const server: ChildProcess = spawn(process.execPath, ['apps/server/dist/main.js'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  server.stdout?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  server.stderr?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  let exited: number | null = null;
  server.on('exit', (code) => {
    exited = code ?? -1;
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  let browser: Browser | null = null;
  const stopServer = async () => {
    if (exited === null) {
      server.kill('SIGTERM');
      for (let i = 0; i < 100 && exited === null; i++) await sleep(100);
      if (exited === null) server.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (exited !== null) throw new Error(`server exited with code ${exited} before it was ready:\n${log}`);
      try {
        const res = await fetch(`${baseUrl}/api/health`);
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`server not healthy after 90 s:\n${log}`);
      await sleep(300);
    }
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    });
  } catch (e) {
    await stopServer();
    throw e;
  }
  mkdirSync(screenshotDir, { recursive: true });
  const b = browser;

  return {
    baseUrl,
    browser: b,
    newContext: (size = 'desktop') =>
      // The users are in Chongqing: calendar dates (today, a term's start) as they see them.
      b.newContext({
        ...(size === 'phone' ? phone : desktop),
        baseURL: baseUrl,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      }),
    serverLog: () => log,
    close: async () => {
      await b.close().catch(() => undefined);
      await stopServer();
    },
  };
}

/** Saves a full-page screenshot to e2e/screenshots/<name>.png. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** How many pixels the page is wider than the window (horizontal page overflow). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Signs in through the login form and waits to leave /login. */
export async function login(page: Page, username: string, password = demoPassword): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 15_000 });
}

/** Signs out through the user menu. */
export async function logout(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: /退出登录|Sign out/ }).click();
  await page.waitForURL(/\/login/);
}

/** Waits for the first match to be visible and returns it. */
export async function visible(locator: Locator, timeout = 15_000): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout });
  return locator.first();
}

/** The options of the open antd Select dropdown. */
export function openOptions(page: Page): Locator {
  return page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
}

/** Picks an option by its label in the open antd Select dropdown (the first one for null). */
export async function pickOption(page: Page, label: string | null): Promise<void> {
  const options = openOptions(page);
  const option = label === null ? options.first() : options.filter({ hasText: label }).first();
  await option.waitFor({ state: 'visible' });
  await option.click();
}

/**
 * The browser side of an e2e file: starts the harness before its tests and closes it and every
 * context after them; `open` gives a fresh page (size, optional language); when a test fails, the
 * last page opened is saved as `failed-<name>-<test>.png`.
 */
export function browserSuite(name: string) {
  let harness: Harness | null = null;
  const contexts: BrowserContext[] = [];
  let lastPage: Page | null = null;
  beforeAll(async () => {
    harness = await startHarness();
  }, 120_000);
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && lastPage)
      await shot(lastPage, `failed-${name}-${ctx.task.name.slice(0, 12).replace(/\W+/g, '-')}`).catch(() => undefined);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await harness?.close();
  });
  return {
    get h(): Harness {
      if (!harness) throw new Error('the harness starts in beforeAll');
      return harness;
    },
    async open(size: 'desktop' | 'phone' = 'desktop', lang?: 'en-US'): Promise<Page> {
      const ctx = await this.h.newContext(size);
      if (lang) await ctx.addInitScript((l) => localStorage.setItem('chanjiao.lang', l), lang);
      contexts.push(ctx);
      lastPage = await ctx.newPage();
      return lastPage;
    },
  };
}
