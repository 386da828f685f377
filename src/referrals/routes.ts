import type { FastifyInstance } from 'fastify';
import { genderItems } from '../people/form-items.js';
import { can, type Actor } from '../access/index.js';
import { dateParts } from '../people/schemas.js';
import { radios, rawDate } from '../web/forms.js';
import { parseInput } from '../web/http.js';
import { cursorForPage, selectItems } from '../web/pagination.js';
import { form, page, type FormBody, type RouteCall } from '../web/route.js';
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
import type { ReferralService } from './service.js';
import { referralListContext } from './list-page.js';
import { pageReferralParams } from './search.js';

const LIST = 'referrals/views/list.njk';
const FORM = 'referrals/views/form.njk';
const REFERRAL = 'referrals/views/referral.njk';

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
  /** The referral's page, with the status form's answers (none yet, or as sent when refused). */
  const referralPage = async ({ actor, params, origin }: RouteCall<'/referrals/:id'>, values: FormBody) => {
    const detail = await referrals.view(actor, params.id, origin);
    return {
      title: `Referral ${detail.referral.reference}`,
      ...detail,
      documents: await documents.list(actor, params.id, origin),
      canAddPartner: can(actor, 'partnerCase.create'),
      values,
      backLink: '/referrals',
    };
  };

  // The list: search, filters and sort in the address (the same names as the API); a refused value is shown beside its field.
  page(app, '/referrals', LIST, async ({ actor, query }) => {
    const { params, errors } = pageReferralParams(query);
    const result = await referrals.search(actor, {
      params,
      cursorOf: (idCount) => cursorForPage(query, idCount),
      staleCursor: 'first-page',
    });
    const workers = (await referrals.workerChoices(actor)).map((w) => ({ value: w.id, text: w.displayName }));
    return {
      title: 'Referrals',
      result,
      canCreate: can(actor, 'referral.create'),
      errors: errors ?? undefined,
      ...referralListContext(params, result, workers),
    };
  });

  page(app, '/referrals/new', FORM, ({ actor, reply }) => {
    if (!can(actor, 'referral.create')) {
      reply.callNotFound();
      return reply;
    }
    return formContext(actor, { channel: 'phone' }, dateParts(null));
  });

  form(app, {
    url: '/referrals/new',
    view: FORM,
    context: ({ actor }, form) => formContext(actor, referralFromForm(form), rawDate(form)),
    save: async ({ actor, origin }, form) => {
      const id = await referrals.create(actor, parseInput(ZReferralInput, referralFromForm(form)), origin);
      return `/referrals/${id}`;
    },
  });

  page(app, '/referrals/:id', REFERRAL, async (call) => ({
    ...(await referralPage(call, {})),
    flash: call.query.saved ? 'Saved' : attachedFlash(call.actor, call.query.attached),
  }));

  form(app, {
    url: '/referrals/:id/status',
    view: REFERRAL,
    context: (call, values) => referralPage(call, values),
    save: async ({ actor, params, origin }, form) => {
      await referrals.changeStatus(actor, params.id, parseInput(ZTransitionInput, form), origin);
      return `/referrals/${params.id}?saved=1`;
    },
  });
}
