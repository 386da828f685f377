import type { FastifyInstance } from 'fastify';
import { authorize, can, type Actor } from '../access/index.js';
import { dateParts } from '../people/schemas.js';
import { handleForm, rawDate } from '../web/forms.js';
import { parseInput } from '../web/http.js';
import { form, page, routeCall } from '../web/route.js';
import type { RecordMergeService } from './merging.js';
import { ZKnownPersonSearch, ZMergeRequest, knownPersonFromForm } from './schemas.js';
import type { KnownPeople, KnownPeopleService } from './service.js';

const SEARCH = 'intake/views/known-people.njk';
const MERGE = 'intake/views/merge.njk';
const TITLE = 'Known people check';

type MergeKind = 'participants' | 'partners';
const MERGE_TITLES: Record<MergeKind, string> = {
  participants: 'Merge two participant records',
  partners: 'Merge two partner records',
};

function searchContext(actor: Actor, values: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    title: TITLE,
    values,
    dateOfBirth: dateParts(typeof values.dateOfBirth === 'string' ? values.dateOfBirth : null),
    // Only partner-side and management users are ever told partner matches exist.
    showPartners: can(actor, 'partnerCase.list'),
    canMerge: can(actor, 'intake.merge'),
    ...extra,
  };
}

/** The radios for choosing which of the matches to keep and which to merge into it. */
function mergeChoices(matches: KnownPeople['participants'] | KnownPeople['partners']) {
  return matches.map((m) => ({ value: m.id, text: `${m.name} (${m.reference})` }));
}

export function intakeRoutes(
  app: FastifyInstance,
  { knownPeople, recordMerges: merges }: { knownPeople: KnownPeopleService; recordMerges: RecordMergeService },
): void {
  page(app, '/intake/known-people', SEARCH, ({ actor }) => {
    authorize(actor, 'intake.search');
    return searchContext(actor, {});
  });

  // A POST, not a GET with a query string: the searched name must not land in URLs, logs or history.
  // The answer is the same page with the matches, not a redirect.
  form(app, {
    url: '/intake/known-people',
    view: SEARCH,
    context: ({ actor }, form) => ({ ...searchContext(actor, knownPersonFromForm(form)), dateOfBirth: rawDate(form) }),
    save: async ({ actor, origin, reply }, form) => {
      const values = knownPersonFromForm(form);
      const result = await knownPeople.findKnownPeople(actor, parseInput(ZKnownPersonSearch, values), origin);
      return reply.view(
        SEARCH,
        searchContext(actor, values, {
          result,
          participantChoices: mergeChoices(result.participants),
          partnerChoices: mergeChoices(result.partners),
        }),
      );
    },
  });

  const mergePreview = (kind: MergeKind, actor: Actor, query: unknown) => {
    const request = parseInput(ZMergeRequest, query);
    return kind === 'participants' ? merges.previewParticipants(actor, request) : merges.previewPartners(actor, request);
  };
  const mergeContext = (kind: MergeKind, preview: unknown) => ({
    title: MERGE_TITLES[kind],
    kind,
    preview,
    backLink: '/intake/known-people',
  });

  for (const kind of ['participants', 'partners'] as const) {
    page(app, `/intake/merge/${kind}`, MERGE, async ({ actor, query }) =>
      mergeContext(kind, await mergePreview(kind, actor, query)),
    );

    // Written out rather than with form(): the two records chosen are checked before the form's
    // own handling, so a malformed choice is a plain 400, not the merge page again.
    app.post(`/intake/merge/${kind}`, async (request, reply) => {
      const { actor, origin } = routeCall(request, reply);
      const input = parseInput(ZMergeRequest, request.body);
      return handleForm(
        reply,
        async () => {
          if (kind === 'participants') {
            await merges.mergeParticipants(actor, input, origin);
            return reply.redirect(`/participants/${input.keep}?saved=1`, 303);
          }
          const { partnerCaseId } = await merges.mergePartners(actor, input, origin);
          return reply.redirect(partnerCaseId ? `/partner-cases/${partnerCaseId}?saved=1` : '/partner-cases', 303);
        },
        async () => ({
          template: MERGE,
          context: mergeContext(kind, await mergePreview(kind, actor, input).catch(() => null)),
        }),
      );
    });
  }
}
