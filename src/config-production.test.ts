import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

/* A production start refuses what would leave sign-in cookies or visitors' addresses unprotected. */
const production = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://parallel.example.org',
  TRUST_PROXY: 'true',
};

function refusal(environment: Record<string, string | undefined>): string {
  try {
    loadConfig(environment);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('a production start', () => {
  it('starts with an https address and proxy trust said, and its cookies are always Secure', () => {
    const config = loadConfig(production);
    expect(config.env).toBe('production');
    expect(config.cookieSecure).toBe(true);
    expect(config.trustProxy).toBe(true);
    expect(loadConfig({ ...production, COOKIE_SECURE: 'auto' }).cookieSecure).toBe(true);
    expect(loadConfig({ ...production, COOKIE_SECURE: 'true' }).cookieSecure).toBe(true);
    expect(config.shutdownGraceSeconds).toBe(25);
  });

  it('refuses to start without PUBLIC_URL, or with one that is not https', () => {
    expect(refusal({ ...production, PUBLIC_URL: undefined })).toMatch(/PUBLIC_URL is not set/);
    expect(refusal({ ...production, PUBLIC_URL: 'http://parallel.example.org' })).toMatch(
      /PUBLIC_URL \(http:\/\/parallel\.example\.org\) is not an https address/,
    );
  });

  it('refuses to send session cookies over plain HTTP', () => {
    expect(refusal({ ...production, COOKIE_SECURE: 'false' })).toMatch(/COOKIE_SECURE=false would send session cookies/);
  });

  it('refuses to start until it is told whether to trust the proxy', () => {
    expect(refusal({ ...production, TRUST_PROXY: undefined })).toMatch(/TRUST_PROXY is not set/);
    expect(loadConfig({ ...production, TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ ...production, TRUST_PROXY: '10.0.0.0/8, 192.0.2.7' }).trustProxy).toEqual(['10.0.0.0/8', '192.0.2.7']);
  });

  it('names every problem at once', () => {
    const message = refusal({ NODE_ENV: 'production', COOKIE_SECURE: 'false' });
    expect(message).toMatch(/will not start in production/);
    expect(message.match(/^ {2}- /gm)).toHaveLength(3);
  });
});

describe('outside production', () => {
  it('keeps the local defaults: http address, cookies Secure on HTTPS requests, no proxy trusted', () => {
    const config = loadConfig({});
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.cookieSecure).toBe('auto');
    expect(config.trustProxy).toBe(false);
    expect(loadConfig({ COOKIE_SECURE: 'false' }).cookieSecure).toBe(false);
  });

  it('refuses a proxy address that is not one, and a grace period out of range', () => {
    expect(refusal({ TRUST_PROXY: 'proxy.internal' })).toMatch(/TRUST_PROXY must be true, false, or the addresses/);
    expect(refusal({ TRUST_PROXY: '10.0.0.0/40' })).toMatch(/TRUST_PROXY/);
    expect(refusal({ SHUTDOWN_GRACE_SECONDS: '-1' })).toMatch(/SHUTDOWN_GRACE_SECONDS/);
    expect(loadConfig({ SHUTDOWN_GRACE_SECONDS: '5' }).shutdownGraceSeconds).toBe(5);
  });
});
