import { describe, expect, it } from 'vitest';
import { DRAFT_LIFETIME_MINUTES, DraftSealer, newDraft, type Draft } from './draft.js';

/* The sealed answers between the public form's pages: unreadable, unalterable, bound to one organisation, and short-lived. */
const ORG = '11111111-1111-4111-8111-111111111111';
const OTHER_ORG = '22222222-2222-4222-8222-222222222222';
const draft: Draft = {
  ...newDraft(),
  route: 'partner',
  at: 'children',
  answers: { givenName: 'Jago', safePhone: '07700 900461' },
  done: ['him', 'interpreter', 'partners'],
  slots: { partners: 1, children: 2 },
};

describe('DraftSealer', () => {
  it('opens what it sealed, and the sealed text shows none of the answers', () => {
    const sealer = new DraftSealer('a secret of the organisation');
    const sealed = sealer.seal(draft, ORG);
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('Jago');
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain('Jago');
    expect(sealer.open(sealed, ORG)).toEqual(draft);
    // Sealed twice, the same answers look different (a fresh nonce each time).
    expect(sealer.seal(draft, ORG)).not.toBe(sealed);
  });

  it('refuses text altered in any byte, sealed for another organisation or with another secret, or not a sealed draft at all', () => {
    const sealer = new DraftSealer('a secret of the organisation');
    const sealed = sealer.seal(draft, ORG);
    const bytes = Buffer.from(sealed, 'base64url');
    for (const at of [0, 13, 20, bytes.length - 1]) {
      const altered = Buffer.from(bytes);
      altered[at] = (altered[at] ?? 0) ^ 1;
      expect(sealer.open(altered.toString('base64url'), ORG)).toBeNull();
    }
    expect(sealer.open(sealed, OTHER_ORG)).toBeNull();
    expect(new DraftSealer('another secret').open(sealed, ORG)).toBeNull();
    for (const text of [undefined, null, 42, ['x'], '', 'short', 'not base64url!'.repeat(5), 'A'.repeat(300_000)]) {
      expect(sealer.open(text, ORG)).toBeNull();
    }
  });

  it('expires DRAFT_LIFETIME_MINUTES after it was sealed', () => {
    let now = Date.UTC(2025, 0, 6, 9, 0);
    const sealer = new DraftSealer('a secret of the organisation', () => now);
    const sealed = sealer.seal(draft, ORG);
    now += (DRAFT_LIFETIME_MINUTES - 1) * 60_000;
    expect(sealer.open(sealed, ORG)).toEqual(draft);
    now += 2 * 60_000;
    expect(sealer.open(sealed, ORG)).toBeNull();
  });
});
