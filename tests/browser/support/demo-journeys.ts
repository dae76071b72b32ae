/// <reference lib="dom" />
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { startService, type RunningService } from '../../support/programs.js';
import { accessibilityViolations, launchBrowser, screenshot, type RealBrowser } from './browser.js';

/**
 * What a browser spec on the demo plans needs, as plans.e2e-spec.ts does it: the built service on
 * a fresh embedded store with its demo plans, the demo keys it prints, a browser, and the ways a
 * person moves (signing in, tabbing) and what every page state is checked for (axe, a screenshot).
 */
export interface DemoJourneys {
  service: RunningService;
  browser: RealBrowser;
  keys: Record<string, string>;
  /** The JSON API as a role (inspector unless told). */
  api(path: string, init?: RequestInit, role?: string): Promise<{ status: number; headers: Headers; body: any }>;
  /** The demo plans, newest period first. */
  plans(): Promise<{ id: string; title: string; periodStart: string; periodEnd: string }[]>;
  signIn(context: BrowserContext, role: string, path: string): Promise<Page>;
  stop(): Promise<void>;
}

export async function startDemoJourneys(): Promise<DemoJourneys> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oversight-web-'));
  const service = await startService({ DATA_DIR: dataDir });
  const output = service.output().replace(/\x1b\[[0-9;]*m/g, '');
  const keys = Object.fromEntries([...output.matchAll(/^ {2}(manager|auditor|inspector|admin) +(ovk_\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
  const api: DemoJourneys['api'] = async (path, init = {}, role = 'inspector') => {
    const response = await fetch(`${service.baseUrl}${path}`, { ...init, headers: { Authorization: `Bearer ${keys[role]}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  };
  const plans = async () => (await api('/plans')).body;
  // The demo plans are imported at start; their read models follow a moment later.
  for (const until = Date.now() + 30_000; (await plans()).length < 2 && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 200));
  const browser = await launchBrowser();
  return {
    service,
    browser,
    keys,
    api,
    plans,
    async signIn(context, role, path) {
      const page = await context.newPage();
      await page.goto(`${service.baseUrl}${path}`);
      await page.fill('#api-key', keys[role]!);
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.pathname === path.split('?')[0]);
      return page;
    },
    async stop() {
      await browser.close();
      await service.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Screenshots the page and expects no accessibility violation at WCAG 2.2 AA. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect({ page: name, violations: await accessibilityViolations(page) }).toEqual({ page: name, violations: [] });
}

/** Tabs forward until the focused element matches, as a keyboard user would; fails after `limit` presses. */
export async function tabTo(page: Page, matches: (element: { tag: string; text: string; id: string; name: string; value: string }) => boolean, limit = 120): Promise<void> {
  for (let n = 0; n < limit; n++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLInputElement | null;
      return { tag: element?.tagName ?? '', text: element?.innerText?.trim() ?? '', id: element?.id ?? '', name: element?.name ?? '', value: element?.value ?? '' };
    });
    if (matches(focused)) return;
  }
  throw new Error('the keyboard never reached the element');
}
