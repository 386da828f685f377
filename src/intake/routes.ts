import type { FastifyInstance, FastifyReply } from 'fastify';
import { authorize, can, type Actor } from '../access/index.js';
import { dateParts } from '../people/schemas.js';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../web/http.js';
import { rawDate } from '../participants/routes.js';
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
  app.get('/intake/known-people', async (request, reply) => {
    const actor = requireActor(request);
    authorize(actor, 'intake.search');
    return reply.view(SEARCH, searchContext(actor, {}));
  });

  // A POST, not a GET with a query string: the searched name must not land in URLs, logs or history.
  app.post('/intake/known-people', async (request, reply) => {
    const actor = requireActor(request);
    const form = (request.body ?? {}) as Record<string, unknown>;
    const values = knownPersonFromForm(form);
    try {
      const result = await knownPeople.findKnownPeople(actor, parseInput(ZKnownPersonSearch, values), originOf(request));
      return reply.view(
        SEARCH,
        searchContext(actor, values, {
          result,
          participantChoices: mergeChoices(result.participants),
          partnerChoices: mergeChoices(result.partners),
        }),
      );
    } catch (error) {
      if (isInvalidInput(error)) {
        return renderFormErrors(reply, SEARCH, { ...searchContext(actor, values), dateOfBirth: rawDate(form) }, error);
      }
      throw error;
    }
  });

  const mergePreview = (kind: MergeKind, actor: Actor, query: unknown) => {
    const request = parseInput(ZMergeRequest, query);
    return kind === 'participants' ? merges.previewParticipants(actor, request) : merges.previewPartners(actor, request);
  };

  for (const kind of ['participants', 'partners'] as const) {
    app.get(`/intake/merge/${kind}`, async (request, reply) => {
      const actor = requireActor(request);
      const preview = await mergePreview(kind, actor, request.query);
      return reply.view(MERGE, { title: MERGE_TITLES[kind], kind, preview, backLink: '/intake/known-people' });
    });

    app.post(`/intake/merge/${kind}`, async (request, reply: FastifyReply) => {
      const actor = requireActor(request);
      const input = parseInput(ZMergeRequest, request.body);
      try {
        if (kind === 'participants') {
          await merges.mergeParticipants(actor, input, originOf(request));
          return reply.redirect(`/participants/${input.keep}?saved=1`, 303);
        }
        const { partnerCaseId } = await merges.mergePartners(actor, input, originOf(request));
        return reply.redirect(partnerCaseId ? `/partner-cases/${partnerCaseId}?saved=1` : '/partner-cases', 303);
      } catch (error) {
        if (isInvalidInput(error)) {
          const preview = await mergePreview(kind, actor, input).catch(() => null);
          return renderFormErrors(
            reply,
            MERGE,
            { title: MERGE_TITLES[kind], kind, preview, backLink: '/intake/known-people' },
            error,
          );
        }
        throw error;
      }
    });
  }
}
