/// <reference lib="dom" />
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { startService, type RunningService } from '../../support/programs.js';
import { accessibilityViolations, launchBrowser, screenshot, type RealBrowser } from './browser.js';

export type Role = 'manager' | 'auditor' | 'inspector' | 'admin';
export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: any;
}
export interface DemoPlan {
  id: string;
  title: string;
  periodStart: string;
  periodEnd: string;
}

/**
 * What every browser spec stands on: the service started as a newcomer starts it (the embedded
 * store with its demo plans and keys), a real Chromium, and the moves a person makes in it.
 * Registers its own beforeAll/afterAll; the fields are ready inside the spec's tests.
 */
export interface DemoWeb {
  baseUrl: string;
  browser: RealBrowser;
  keys: Record<Role, string>;
  /** The JSON API as `role` (inspector unless told). */
  api(path: string, init?: RequestInit, role?: Role): Promise<ApiAnswer>;
  plans(): Promise<DemoPlan[]>;
  /** The demo plan whose period starts in that year (2018 or 2024). */
  plan(startYear: string): Promise<DemoPlan>;
  /** A page signed in as `role`, on `path` (sign-in returns there). */
  signIn(context: BrowserContext, role: Role, path?: string): Promise<Page>;
  /** Tabs forward until the focused element matches, as a keyboard user would; fails after `limit` presses. */
  tabTo(page: Page, matches: (element: FocusedElement) => boolean, limit?: number): Promise<void>;
  /** A screenshot kept by the run, and zero axe violations at WCAG 2.2 AA. */
  expectAccessible(page: Page, name: string): Promise<void>;
  /**
   * Stops the service, runs `work` with what the `oversight` command needs to find its store (the
   * embedded store is the service's alone while it runs), then starts it again: sessions end, and
   * `keys` and `baseUrl` change (the demo prints fresh keys at every start).
   */
  restartAround(work: (env: Record<string, string>) => Promise<void>): Promise<void>;
}
export interface FocusedElement {
  tag: string;
  text: string;
  id: string;
  name: string;
  value: string;
}

/** The demo keys the service printed as it started (fresh at every start). */
function demoKeys(service: RunningService): Record<Role, string> {
  const output = service.output();
  return Object.fromEntries(
    [...output.matchAll(/^ {2}(manager|auditor|inspector|admin) +(ovk_\S+)$/gm)].map((m) => [m[1]!, m[2]!]),
  ) as Record<Role, string>;
}

export function useDemoWeb(): DemoWeb {
  let service: RunningService;
  let dataDir: string;
  const web = {} as DemoWeb;

  web.api = async (path, init = {}, role = 'inspector') => {
    const response = await fetch(`${web.baseUrl}${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${web.keys[role]}`,
        'Content-Type': 'application/json',
        ...(init.headers ?? {}),
      },
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
    };
  };
  web.plans = async () => (await web.api('/plans')).body as DemoPlan[];
  web.plan = async (startYear) => (await web.plans()).find((plan) => plan.periodStart.startsWith(startYear))!;
  web.signIn = async (context, role, path = '/plans') => {
    const page = await context.newPage();
    await page.goto(`${web.baseUrl}${path}`);
    await page.fill('#api-key', web.keys[role]);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === path.split('?')[0]);
    return page;
  };
  web.tabTo = async (page, matches, limit = 120) => {
    for (let n = 0; n < limit; n++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        return {
          tag: element?.tagName ?? '',
          text: element?.innerText?.trim() ?? '',
          id: element?.id ?? '',
          name: element?.getAttribute('name') ?? '',
          value: element?.getAttribute('value') ?? '',
        };
      });
      if (matches(focused)) return;
    }
    throw new Error('the keyboard never reached the element');
  };
  web.expectAccessible = async (page, name) => {
    await screenshot(page, name);
    expect({ page: name, violations: await accessibilityViolations(page) }).toEqual({ page: name, violations: [] });
  };

  web.restartAround = async (work) => {
    await service.stop();
    try {
      await work({ DATA_DIR: dataDir });
    } finally {
      service = await startService({ DATA_DIR: dataDir });
      web.baseUrl = service.baseUrl;
      web.keys = demoKeys(service);
    }
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'oversight-web-'));
    service = await startService({ DATA_DIR: dataDir });
    web.baseUrl = service.baseUrl;
    web.keys = demoKeys(service);
    // The demo plans are imported at start; their read models follow a moment later.
    for (const until = Date.now() + 30_000; (await web.plans()).length < 2 && Date.now() < until;)
      await new Promise((resolve) => setTimeout(resolve, 200));
    web.browser = await launchBrowser();
  });
  afterAll(async () => {
    await web.browser?.close();
    await service?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return web;
}
