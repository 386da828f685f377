import type { FastifyInstance } from 'fastify';
import { can, type Actor } from '../access/index.js';
import { genderItems, rawDate } from '../participants/routes.js';
import { dateParts } from '../people/schemas.js';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../web/http.js';
import { countCaption, cursorForPage, keysetPaginationFor, selectItems } from '../web/pagination.js';
import {
  AGENCY_LABELS,
  AGENCY_TYPES,
  CHANNELS,
  CHANNEL_LABELS,
  COMMUNITY_LABELS,
  COMMUNITY_RELATIONSHIPS,
  RELATIONSHIP_CONTEXTS,
  RELATIONSHIP_CONTEXT_LABELS,
  SOURCES,
  SOURCE_LABELS,
  ZReferralInput,
  ZTransitionInput,
  referralFromForm,
} from './schemas.js';
import { attachedFlash } from './documents-routes.js';
import type { ReferralDocumentService } from './documents-service.js';
import { REFERRAL_CURSOR_IDS, type ReferralService } from './service.js';

type IdParams = { Params: { id: string } };
const LIST = 'referrals/views/list.njk';
const FORM = 'referrals/views/form.njk';
const REFERRAL = 'referrals/views/referral.njk';

const radios = <K extends string>(keys: readonly K[], labels: Record<K, string>, selected: unknown) =>
  keys.map((key) => ({ value: key, text: labels[key], checked: selected === key }));

function formContext(actor: Actor, values: Record<string, unknown>, dateOfBirth: { day: string; month: string; year: string }) {
  const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : null);
  const canTakeCommunity = can(actor, 'referral.viewCommunitySource');
  const sources = canTakeCommunity ? SOURCES : SOURCES.filter((s) => s !== 'community');
  return {
    title: 'Record a referral',
    backLink: '/referrals',
    values,
    dateOfBirth,
    canTakeCommunity,
    genderItems: genderItems(text('gender')),
    channelItems: radios(CHANNELS, CHANNEL_LABELS, values.channel),
    sourceItems: radios(sources, SOURCE_LABELS, values.source),
    agencyItems: selectItems(
      AGENCY_TYPES.map((a) => ({ value: a, text: AGENCY_LABELS[a] })),
      text('agencyType'),
      'Select the kind of agency',
    ),
    communityItems: radios(COMMUNITY_RELATIONSHIPS, COMMUNITY_LABELS, values.communityRelationship),
    contextItems: selectItems(
      RELATIONSHIP_CONTEXTS.map((r) => ({ value: r, text: RELATIONSHIP_CONTEXT_LABELS[r] })),
      text('relationshipContext'),
      'Not recorded',
    ),
    mandatedItems: [
      { value: 'yes', text: 'Yes', checked: values.mandated === 'yes' || values.mandated === true },
      { value: 'no', text: 'No', checked: values.mandated === 'no' || values.mandated === false },
    ],
  };
}

export function referralRoutes(
  app: FastifyInstance,
  { referrals, referralDocuments: documents }: { referrals: ReferralService; referralDocuments: ReferralDocumentService },
): void {
  app.get('/referrals', async (request, reply) => {
    const actor = requireActor(request);
    const result = await referrals.list(actor, cursorForPage(request.query, REFERRAL_CURSOR_IDS));
    return reply.view(LIST, {
      title: 'Referrals',
      result,
      caption: countCaption(result, 'referral', 'referrals'),
      canCreate: can(actor, 'referral.create'),
      pagination: keysetPaginationFor('/referrals', result),
    });
  });

  app.get('/referrals/new', async (request, reply) => {
    const actor = requireActor(request);
    if (!can(actor, 'referral.create')) {
      return reply.callNotFound();
    }
    return reply.view(FORM, formContext(actor, { channel: 'phone' }, dateParts(null)));
  });

  app.post('/referrals/new', async (request, reply) => {
    const actor = requireActor(request);
    const form = (request.body ?? {}) as Record<string, unknown>;
    const values = referralFromForm(form);
    try {
      const id = await referrals.create(actor, parseInput(ZReferralInput, values), originOf(request));
      return reply.redirect(`/referrals/${id}`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        return renderFormErrors(reply, FORM, formContext(actor, values, rawDate(form)), error);
      }
      throw error;
    }
  });

  app.get<IdParams>('/referrals/:id', async (request, reply) => {
    const actor = requireActor(request);
    const detail = await referrals.view(actor, request.params.id, originOf(request));
    const query = request.query as Record<string, string | undefined>;
    return reply.view(REFERRAL, {
      title: `Referral ${detail.referral.reference}`,
      ...detail,
      documents: await documents.list(actor, request.params.id, originOf(request)),
      canAddPartner: can(actor, 'partnerCase.create'),
      values: {},
      backLink: '/referrals',
      flash: query.saved ? 'Saved' : attachedFlash(actor, query.attached),
    });
  });

  app.post<IdParams>('/referrals/:id/status', async (request, reply) => {
    const actor = requireActor(request);
    const values = (request.body ?? {}) as Record<string, unknown>;
    try {
      await referrals.changeStatus(actor, request.params.id, parseInput(ZTransitionInput, values), originOf(request));
      return reply.redirect(`/referrals/${request.params.id}?saved=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const detail = await referrals.view(actor, request.params.id, originOf(request));
        return renderFormErrors(
          reply,
          REFERRAL,
          {
            title: `Referral ${detail.referral.reference}`,
            ...detail,
            documents: await documents.list(actor, request.params.id, originOf(request)),
            canAddPartner: can(actor, 'partnerCase.create'),
            values,
            backLink: '/referrals',
          },
          error,
        );
      }
      throw error;
    }
  });
}
