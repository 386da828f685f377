import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestProgramme, type TestProgramme } from '../../../test/fixtures/programme.js';
import { createTestParticipant, type TestParticipant } from '../../../test/fixtures/programme-members.js';
import { londonTimeToInstant } from '../../dates/london.js';
import { weekStartOf } from './calendar-service.js';
import { auditCount, setUpDeliveryTest, type DeliveryTest } from '../delivery-test-setup.js';
import { addDays } from '../schedule.js';

let d: DeliveryTest;
let programme: TestProgramme;
let partnerGroup: TestProgramme;
let men: TestParticipant[];
// The feed reaches from eight weeks back to a year ahead of today: the group starts in two weeks' time, on a Monday.
const start = addDays(weekStartOf(), 14);
const longDate = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${iso}T12:00:00Z`),
  );

beforeAll(async () => {
  d = await setUpDeliveryTest('Calendars');
  const db = d.t.database.db;
  men = [
    await createTestParticipant(db, d.org, { givenName: 'Barnaby', familyName: 'Quillfeather' }),
    await createTestParticipant(db, d.org, { givenName: 'Cosmo', familyName: 'Wrenhaven' }),
  ];
  // Mondays at 18:30, four sessions, both men enrolled.
  programme = await createTestProgramme(db, d.org, {
    label: 'Cal',
    startDate: start,
    participantIds: men.map((m) => m.participantId),
  });
  partnerGroup = await createTestProgramme(db, d.org, { side: 'partner', label: 'Cal', startDate: start, dayOfWeek: 2 });
  // A catch-up for one man: the feed must still not name him.
  const catchUp = await d.facilitator.request('POST', `/api/v1/groups/${programme.groupId}/catch-up-sessions`, {
    json: {
      templateId: programme.templateIds[0],
      date: addDays(start, 3),
      time: '10:00',
      enrolmentId: programme.enrolments[0]?.enrolmentId,
    },
  });
  expect(catchUp.statusCode, catchUp.body).toBe(201);
  await d.facilitator.request('POST', `/api/v1/sessions/${programme.sessions[1]?.id}/cancel`, { json: { reason: 'Snow' } });
});
afterAll(async () => d?.t.close());

/** Fetches a feed as calendar software does: no cookie, no session. */
const fetchFeed = (path: string) => d.t.app.inject({ method: 'GET', url: path });

async function createFeed(): Promise<string> {
  const response = await d.facilitator.submit('/calendar/feed', {});
  expect(response.statusCode).toBe(200);
  const url = /data-qa="feed-url">([^<]+)</.exec(response.body)?.[1] ?? '';
  expect(url).toMatch(/\/feeds\/calendar\/[A-Za-z0-9_-]{43}$/);
  return new URL(url).pathname;
}

describe('calendars', () => {
  it('a facilitator’s week shows his sessions by day, in London time, with the cancelled one marked', async () => {
    const page = await d.facilitator.get(`/calendar?week=${addDays(start, 2)}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Week beginning Monday ${longDate(start)}`);
    expect(page.body).toContain(`data-qa="calendar-day-${start}"`);
    expect(page.body).toContain(`${programme.groupName}: Session 1`);
    expect(page.body).toContain('18:30');
    expect(page.body).toContain('Catch-up: Session 1');
    const next = await d.facilitator.get(`/calendar?week=${addDays(start, 7)}`);
    expect(next.body).toContain('Cancelled');
    const second = await d.facilitator.get(`/calendar/facilitators/${programme.facilitators[1].id}?week=${start}`);
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain(`${programme.groupName}: Session 1`);
  });

  it('a venue’s week shows what meets there; his side never sees her side’s group at her venue', async () => {
    const venue = await d.manager.get(`/venues/${programme.venueId}/calendar?week=${start}`);
    expect(venue.body).toContain(`${programme.groupName}: Session 1`);
    const hers = await d.facilitator.get(`/venues/${partnerGroup.venueId}/calendar?week=${start}`);
    expect(hers.statusCode).toBe(200);
    expect(hers.body).not.toContain('Session 1');
    expect((await d.partnerWorker.get(`/venues/${partnerGroup.venueId}/calendar?week=${start}`)).body).toContain('Session 1');
    expect((await d.admin.get(`/venues/${programme.venueId}/calendar`)).statusCode).toBe(403);
    expect((await d.facilitator.get('/calendar?week=not-a-date')).statusCode).toBe(200);
  });
});

describe('the facilitator’s iCalendar feed', () => {
  it('validates as iCalendar, holds his sessions, and contains no participant names or references', async () => {
    const path = await createFeed();
    expect(await auditCount(d.t, 'calendar.feed_address_created', d.org.users.perpetrator.id)).toBe(1);
    const response = await fetchFeed(path);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    const text = response.body;
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    for (const line of text.split('\r\n')) {
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    }
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(5);
    const first = events.find((e) => e.uid === `${programme.sessions[0]?.id}@parallel`);
    expect(first?.summary).toBe(`${programme.groupName}: Session 1`);
    expect(first?.startDate.toJSDate().toISOString()).toBe(londonTimeToInstant(start, '18:30').toISOString());
    expect(first?.location).toContain(programme.venueName);
    const cancelled = calendar
      .getAllSubcomponents('vevent')
      .find((v) => v.getFirstPropertyValue('uid') === `${programme.sessions[1]?.id}@parallel`);
    expect(cancelled?.getFirstPropertyValue('status')).toBe('CANCELLED');
    for (const man of men) {
      for (const secret of [man.name, man.reference, man.participantId, 'Quillfeather', 'Wrenhaven']) {
        expect(text).not.toContain(secret);
      }
    }
    // Nothing of her side's group either.
    expect(text).not.toContain(partnerGroup.groupName);
    expect(response.headers['set-cookie'] ?? '').not.toContain('parallel_session');
  });

  it('is shown once, replaced by a new address, turned off, and unknown addresses are not found', async () => {
    const first = await createFeed();
    const page = await d.facilitator.get('/calendar/feed');
    expect(page.body).not.toContain('data-qa="feed-url"');
    expect(page.body).toContain('It is not shown again');
    const second = await createFeed();
    expect((await fetchFeed(first)).statusCode).toBe(404);
    expect((await fetchFeed(second)).statusCode).toBe(200);
    const stored = await d.t.database.db.selectFrom('calendar_feed_tokens').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash).some((hash) => second.endsWith(hash))).toBe(false);
    expect((await d.facilitator.submit('/calendar/feed/revoke', {})).statusCode).toBe(303);
    expect((await fetchFeed(second)).statusCode).toBe(404);
    for (const bad of ['/feeds/calendar/nope', `/feeds/calendar/${'A'.repeat(43)}`, '/feeds/calendar/%00']) {
      expect((await fetchFeed(bad)).statusCode, bad).toBe(404);
    }
  });

  it('a partner worker’s feed holds her support group’s sessions; an administrator has no calendar', async () => {
    const response = await d.partnerWorker.submit('/calendar/feed', {});
    const path = new URL(/data-qa="feed-url">([^<]+)</.exec(response.body)?.[1] ?? 'http://x/').pathname;
    const feed = await fetchFeed(path);
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain(partnerGroup.groupName);
    expect(feed.body).not.toContain(programme.groupName);
    expect((await d.admin.get('/calendar')).statusCode).toBe(403);
    expect((await d.admin.submit('/calendar/feed', {})).statusCode).toBe(403);
  });
});
