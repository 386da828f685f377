import type { FastifyInstance } from 'fastify';
import { endpoint } from '../api/endpoint.js';
import type { PartnerContactService } from './partner-contact-service.js';
import { ZContactAttempt, ZNotEngaged, ZSafeTimes } from './schemas.js';
import type { FirstContactService } from './service.js';

/**
 * Her contact attempts, safe-contact rules and not-engaged closure under /api/v1 (registered by
 * src/app/api.ts). Partner side and management only: 404 to everyone else.
 */
export function partnerContactApi(
  api: FastifyInstance,
  { firstContact, partnerContact }: { firstContact: FirstContactService; partnerContact: PartnerContactService },
): void {
  endpoint(api, {
    method: 'GET',
    url: '/partner-cases/:id/safe-contact',
    tag: 'partner-contact',
    summary: 'Her safe-contact rules, as shown before any contact action',
    handler: async ({ actor, params }) => {
      const { panel, rules } = await partnerContact.panel(actor, params.id);
      return {
        rules: panel.rules,
        safePhone: rules.safePhone,
        safeTimes: rules.safeTimes,
        safeDays: rules.safeDays,
        safeFrom: rules.safeFrom,
        safeTo: rules.safeTo,
        messageMayBeLeft: rules.messageMayBeLeft,
        codeWord: rules.codeWord,
      };
    },
  });
  endpoint(api, {
    method: 'PUT',
    url: '/partner-cases/:id/safe-contact/times',
    tag: 'partner-contact',
    summary: 'Set the days and hours it is safe to call her (Europe/London)',
    body: ZSafeTimes,
    status: 204,
    handler: async ({ actor, params, body, origin }) => {
      await partnerContact.setSafeTimes(actor, params.id, body, origin);
    },
  });
  endpoint(api, {
    method: 'GET',
    url: '/partner-cases/:id/contact-attempts',
    tag: 'partner-contact',
    summary: 'Contact attempts with her, newest first, with any safe-contact rules broken',
    handler: ({ actor, params }) => firstContact.partnerAttempts(actor, params.id),
  });
  endpoint(api, {
    method: 'POST',
    url: '/partner-cases/:id/contact-attempts',
    tag: 'partner-contact',
    summary:
      'Log a contact attempt with her. One that breaks her safe-contact rules answers 409 (the message says which) unless confirmBreach is true with a breachReason.',
    body: ZContactAttempt,
    status: 201,
    handler: async ({ actor, params, body, origin }) => {
      await firstContact.logPartnerAttempt(actor, params.id, body, origin);
      return firstContact.partnerAttempts(actor, params.id);
    },
  });
  endpoint(api, {
    method: 'POST',
    url: '/partner-cases/:id/not-engaged',
    tag: 'partner-contact',
    summary:
      'Close her case as not engaged, with a reason: 409 before the organisation’s number of attempts without reaching her',
    body: ZNotEngaged,
    handler: async ({ actor, params, body, origin }) => {
      await partnerContact.closeNotEngaged(actor, params.id, body.reason, origin);
      return partnerContact.notEngagedStatus(actor, params.id);
    },
  });
}
