import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/fixtures/database.js';
import type { DatabaseHandle } from '../db/database.js';
import { loadDemoData } from '../demo/demo.js';
import { ReferralDocumentService } from './documents-service.js';

let database: DatabaseHandle;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe('the demo referral and its documents', () => {
  it('shows the facilitator the letter only, and the manager the police report too, each a PDF any viewer opens', async () => {
    const demo = await loadDemoData(database.db);
    const users = await database.db.selectFrom('users').select(['id', 'email', 'display_name']).execute();
    const actor = (email: string, side: 'perpetrator' | 'management') => {
      const user = users.find((u) => u.email === email);
      return {
        userId: user?.id ?? '',
        organisationId: demo.organisationId,
        displayName: user?.display_name ?? '',
        sides: new Set([side]),
      };
    };
    const referral = await database.db.selectFrom('referrals').select('id').executeTakeFirstOrThrow();
    const documents = new ReferralDocumentService(database.db, 10 * 1024 * 1024);
    const origin = { ip: null };
    const his = await documents.list(actor(demo.users.facilitator, 'perpetrator'), referral.id, origin);
    expect(his.items.map((d) => d.fileName)).toEqual(['Referral letter from children’s services.pdf']);
    const managers = await documents.list(actor(demo.users.manager, 'management'), referral.id, origin);
    expect(managers.items.map((d) => d.visibility).sort()).toEqual(['both_sides', 'partner_side']);
    const report = managers.items.find((d) => d.visibility === 'partner_side');
    const download = await documents.download(actor(demo.users.manager, 'management'), report?.id ?? '', origin);
    const text = download.bytes.toString('latin1');
    expect(text.startsWith('%PDF-1.4')).toBe(true);
    expect(text).toMatch(/startxref\n\d+\n%%EOF\n$/);
    // The cross-reference table points at each object.
    const xref = Number(/startxref\n(\d+)/.exec(text)?.[1]);
    expect(text.slice(xref, xref + 4)).toBe('xref');
  });
});
