/// <reference lib="dom" />
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { startService, type RunningService } from '../../support/programs.js';
import { accessibilityViolations, screenshot } from './browser.js';

/**
 * What a browser journey needs around it: the built service on a fresh embedded store with the
 * demo plans, the demo API keys it prints, the API as JSON, and a person's moves (sign in, tab to
 * an element) and checks (axe with a screenshot). Shared by the browser specs.
 */
export interface DemoService {
  service: RunningService;
  keys: Record<string, string>;
  /** The API as JSON, with a role's demo key. */
  api(path: string, init?: RequestInit, role?: string): Promise<{ status: number; headers: Headers; body: any }>;
  stop(): Promise<void>;
}

export async function startDemoService(): Promise<DemoService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oversight-web-'));
  const service = await startService({ DATA_DIR: dataDir });
  const output = service.output().replace(/\x1b\[[0-9;]*m/g, '');
  const keys = Object.fromEntries([...output.matchAll(/^ {2}(manager|auditor|inspector|admin) +(ovk_\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
  const api: DemoService['api'] = async (path, init = {}, role = 'inspector') => {
    const response = await fetch(`${service.baseUrl}${path}`, { ...init, headers: { Authorization: `Bearer ${keys[role]}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  };
  // The demo plans are imported at start; their read models follow a moment later.
  for (const until = Date.now() + 30_000; ((await api('/plans')).body as unknown[]).length < 2 && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 200));
  return {
    service,
    keys,
    api,
    async stop() {
      await service.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Screenshots the page under `name` and expects axe to find nothing at WCAG 2.2 AA. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect({ page: name, violations: await accessibilityViolations(page) }).toEqual({ page: name, violations: [] });
}

/** Tabs forward until the focused element matches, as a keyboard user would; fails after `limit` presses. */
export async function tabTo(page: Page, matches: (element: { tag: string; text: string; id: string }) => boolean, limit = 80): Promise<void> {
  for (let n = 0; n < limit; n++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({ tag: document.activeElement?.tagName ?? '', text: (document.activeElement as HTMLElement | null)?.innerText?.trim() ?? '', id: document.activeElement?.id ?? '' }));
    if (matches(focused)) return;
  }
  throw new Error('the keyboard never reached the element');
}

/** Opens `path`, is sent to sign in, signs in with the role's key and lands on `path`. */
export async function signIn(demo: DemoService, context: BrowserContext, role: string, path = '/plans'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${demo.service.baseUrl}${path}`);
  await page.fill('#api-key', demo.keys[role]!);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === path.split('?')[0]);
  return page;
}
