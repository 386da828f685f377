import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('what a page links to is served', () => {
  it('every stylesheet and script the sign-in page links to answers 200 with its type', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
    expect(page.statusCode).toBe(200);
    const stylesheets = [...page.body.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1] ?? '');
    const scripts = [...page.body.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(stylesheets).toContain('/assets/app.css');
    for (const url of stylesheets) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/^text\/css/);
      expect(response.body.length, url).toBeGreaterThan(1000);
    }
    for (const url of scripts) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/javascript/);
    }
  });
});
