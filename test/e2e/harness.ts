import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import axe from 'axe-core';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { beforeEach, onTestFailed } from 'vitest';
import { testConfig, type Config } from '../../src/config.js';
import { openPglite, type DatabaseHandle, type Db } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createApp } from '../../src/app/app.js';

/** What a journey writes into the database before the app starts, e.g. its users and cases. */
export type PrepareJourney<T> = (db: Db, config: Config) => Promise<T>;

export type RunningApp<T> = {
  baseUrl: string;
  /** The owner connection: it bypasses row-level security, for setting up and checking data only. */
  db: Db;
  config: Config;
  prepared: T;
  close: () => Promise<void>;
};

/**
 * A free port chosen before the app starts, so that config.publicUrl is the address the browser
 * really uses (links the app prints, such as invitations, then work as they are).
 */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The real application, in this process, on a new embedded database in a temporary DATA_DIR. */
export async function startApp<T>(prepare: PrepareJourney<T>): Promise<RunningApp<T>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parallel-e2e-'));
  let database: DatabaseHandle | undefined;
  let app: FastifyInstance | undefined;
  const close = async (): Promise<void> => {
    try {
      await app?.close();
      await database?.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  };
  try {
    database = await openPglite(dataDir);
    await migrateToLatest(database.db);
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const config = testConfig({ port, host: '127.0.0.1', publicUrl: baseUrl, dataDir });
    const prepared = await prepare(database.db, config);
    app = await createApp({ config, db: database.db });
    await app.listen({ port, host: '127.0.0.1' });
    return { baseUrl, db: database.db, config, prepared, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Debian's Chromium (apt-get install -y chromium), headless, with nothing that reaches the network. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export type Journey<T> = RunningApp<T> & {
  browser: Browser;
  /** A new browser context (its own cookies: one person at one computer) and a page in it. */
  newPage: () => Promise<Page>;
  /** Every page opened so far, for screenshots when a step fails. */
  pages: Page[];
  /** Script errors, Content Security Policy violations and failed assets seen so far, on any page. */
  problems: string[];
  /** Rewrites a link the app produced to point at this running app, whatever origin it was made with. */
  local: (link: string) => string;
};

/** Starts the app and a browser for one journey file; call close() in afterAll. */
export async function startJourney<T>(prepare: PrepareJourney<T>): Promise<Journey<T>> {
  const running = await startApp(prepare);
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await running.close();
    throw error;
  }
  const contexts: BrowserContext[] = [];
  const pages: Page[] = [];
  const problems: string[] = [];
  const newPage = async (): Promise<Page> => {
    // The app's Content Security Policy stays in force: the journeys see what a real browser sees.
    const context = await browser.newContext({ baseURL: running.baseUrl });
    contexts.push(context);
    const page = await context.newPage();
    pages.push(page);
    watchForProblems(page, problems);
    return page;
  };
  const local = (link: string): string => {
    const url = new URL(link);
    return new URL(`${url.pathname}${url.search}${url.hash}`, running.baseUrl).toString();
  };
  return {
    ...running,
    browser,
    newPage,
    pages,
    problems,
    local,
    close: async () => {
      try {
        for (const context of contexts) {
          await context.close();
        }
        await browser.close();
      } finally {
        await running.close();
      }
    },
  };
}

function watchForProblems(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`script error on ${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      problems.push(`CSP violation on ${page.url()}: ${message.text()}`);
    }
  });
  page.on('requestfailed', (request) => {
    // ERR_ABORTED: the browser dropped a request because the page navigated away (a favicon, say).
    if (request.failure()?.errorText === 'net::ERR_ABORTED') {
      return;
    }
    problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`);
  });
  page.on('response', (response) => {
    // Pages may answer 400 (a form with errors) or 404 on purpose; their assets never should.
    if (response.status() >= 400 && response.request().resourceType() !== 'document') {
      problems.push(`asset ${response.url()} answered ${response.status()}`);
    }
  });
}

export type AxeViolation = { id: string; impact: string; help: string; targets: string[] };

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The WCAG 2.2 A and AA violations axe-core finds on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.waitForLoadState('load');
  const injected = await page.evaluate(() => 'axe' in window);
  if (!injected) {
    // Evaluated through the DevTools protocol, which the page's CSP (script-src 'self') does not
    // govern, where a <script> tag would be refused; so no context needs bypassCSP.
    await page.evaluate(axe.source);
  }
  return page.evaluate(async (tags) => {
    const axeInPage = (window as unknown as { axe: typeof axe }).axe;
    const results = await axeInPage.run(document, { runOnly: { type: 'tag', values: tags } });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.map((selector) => String(selector)).join(' ')),
    }));
  }, WCAG_TAGS);
}

/** Fails with a readable list when axe-core finds WCAG 2.2 AA violations on the page. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length === 0) {
    return;
  }
  const list = violations
    .map((v) => `  - ${v.id} (${v.impact}): ${v.help}\n${v.targets.map((target) => `      at ${target}`).join('\n')}`)
    .join('\n');
  throw new Error(`Accessibility violations on ${page.url()}:\n${list}`);
}

/** Fails when a page had a script error, a CSP violation or a broken asset during the journey. */
export function expectNoBrowserProblems(problems: string[]): void {
  if (problems.length > 0) {
    throw new Error(`Problems in the browser:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Call once at the top of a journey's describe block: when a test fails, every open page is saved
 * as a screenshot in test-results/e2e/ (or E2E_SCREENSHOTS), to see what the browser showed.
 */
export function screenshotsOnFailure(journey: () => Journey<unknown> | undefined): void {
  beforeEach(() => {
    onTestFailed(async ({ task }) => {
      const directory = process.env.E2E_SCREENSHOTS ?? path.resolve('test-results/e2e');
      fs.mkdirSync(directory, { recursive: true });
      const slug = task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
      for (const [index, page] of (journey()?.pages ?? []).entries()) {
        if (page.isClosed()) {
          continue;
        }
        const file = path.join(directory, `failed-${slug}-${index + 1}.png`);
        await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
        process.stderr.write(`Screenshot of ${page.url()} saved to ${file}\n`);
      }
    });
  });
}

/** Saves a full-page screenshot when E2E_SCREENSHOTS names a directory (for looking at, not comparing). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const directory = process.env.E2E_SCREENSHOTS;
  if (!directory) {
    return;
  }
  fs.mkdirSync(directory, { recursive: true });
  await page.screenshot({ path: path.join(directory, `${name}.png`), fullPage: true });
}
