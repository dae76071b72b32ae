import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium, driven by Playwright: the test tool's own browser download is not available
 * here, so the browser is the system's (`apt-get install chromium`; .ci/run installs it). Without
 * it the browser specs fail, saying so: they never pass by skipping.
 */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' })
      .trim()
      .split('\n')[0]!;
  } catch {
    throw new Error('Chromium is not installed: apt-get install -y chromium (or set CHROMIUM_PATH)');
  }
}

export interface RealBrowser {
  browser: Browser;
  /** A fresh context: its own cookies, as a second person's browser would be. */
  newContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Without the background-networking flags Chromium keeps trying to reach the internet and stalls; Playwright gives each launch a fresh profile of its own. */
export async function launchBrowser(): Promise<RealBrowser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    newContext: () => browser.newContext({ viewport: { width: 1280, height: 900 } }),
    close: () => browser.close(),
  };
}

/** The page's accessibility violations at WCAG 2.2 AA (and the A and AA rules before it), as axe reports them. */
export async function accessibilityViolations(
  page: Page,
): Promise<{ id: string; impact: string | null | undefined; help: string; targets: string[] }[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
}

/** Screenshots a person can look at after the run: test-results/screenshots/<name>.png (kept by the run). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const folder = join(process.cwd(), 'test-results', 'screenshots');
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
}
