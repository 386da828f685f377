import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError, InvalidInputError } from '../errors.js';
import { formOf, uuidOrNotFound } from '../web/forms.js';
import { isInvalidInput, parseInput, renderFormErrors } from '../web/http.js';
import { page, routeCall, type RouteCall } from '../web/route.js';
import { LEVEL_TAG_CLASSES } from './presenters.js';
import {
  DASH_ANSWERS,
  DASH_ANSWER_LABELS,
  DASH_LEVEL_LABELS,
  DASH_SAFETY_QUESTIONS,
  dashQuestion,
  levelsJudgementMayChoose,
} from './questions.js';
import {
  NOT_SAFE_TO_TALK,
  QUESTION_NUMBERS,
  ZDashAnswers,
  ZDashInput,
  ZDashSafety,
  dashFromForm,
  formFieldName,
} from './schemas.js';
import { scoreDash, type DashCase, type DashService } from './service.js';

type Form = Record<string, unknown>;
type Stage = 'safety' | 'questions' | 'judgement';

const VIEWS: Record<Stage | 'stop' | 'dash' | 'list', string> = {
  safety: 'dash/views/safety.njk',
  questions: 'dash/views/questions.njk',
  judgement: 'dash/views/judgement.njk',
  stop: 'dash/views/stop.njk',
  dash: 'dash/views/dash.njk',
  list: 'dash/views/list.njk',
};

const SAFETY_FIELDS = ['safeToTalk', 'safeContactChecked', 'hisWhereabouts', 'childrenWhereabouts'] as const;
const ANSWER_FIELDS = QUESTION_NUMBERS.flatMap((n) => [`q${n}`, `q${n}-comment`]);

const text = (form: Form, name: string): string => (typeof form[name] === 'string' ? (form[name] as string) : '');

/** The answers typed so far, carried to the next page in hidden fields: in the POST body only, never in an address. */
const carried = (form: Form, names: readonly string[]) =>
  names.filter((name) => text(form, name) !== '').map((name) => ({ name, value: text(form, name) }));

const yesNoItems = (selected: string) => [
  { value: 'yes', text: 'Yes', checked: selected === 'yes' },
  { value: 'no', text: 'No', checked: selected === 'no' },
];

/** Which page an error belongs on: the safety questions, the 24 questions, or the judgement page. */
function stageOf(fields: Record<string, string>): Stage {
  const keys = Object.keys(fields);
  if (keys.some((k) => (SAFETY_FIELDS as readonly string[]).includes(k))) {
    return 'safety';
  }
  return keys.some((k) => k === 'answers' || /^q\d+/.test(k)) ? 'questions' : 'judgement';
}

/** Each page's context, built from the form as posted so that nothing typed is lost. */
function stageContext(stage: Stage, partnerCase: DashCase, form: Form): Record<string, unknown> {
  const base = { partnerCase, backLink: `/partner-cases/${partnerCase.id}`, values: form, safety: DASH_SAFETY_QUESTIONS };
  if (stage === 'safety') {
    return {
      ...base,
      title: 'Before the DASH questions',
      safeToTalkItems: yesNoItems(text(form, 'safeToTalk')),
      safeContactItems: yesNoItems(text(form, 'safeContactChecked')),
    };
  }
  if (stage === 'questions') {
    return {
      ...base,
      title: 'DASH risk identification checklist',
      hidden: carried(form, SAFETY_FIELDS),
      questions: QUESTION_NUMBERS.map((n) => ({
        number: n,
        text: dashQuestion(n, partnerCase.hisGivenName),
        items: DASH_ANSWERS.map((a) => ({ value: a, text: DASH_ANSWER_LABELS[a], checked: text(form, `q${n}`) === a })),
        comment: text(form, `q${n}-comment`),
      })),
    };
  }
  // The judgement page comes only after the 24 answers are valid: the score is the server's.
  const answers = parseInput(ZDashAnswers, dashFromForm(form)).answers;
  const { yesCount, scoreLevel } = scoreDash(answers);
  const chosen = text(form, 'judgementLevel') || 'none';
  const levels = levelsJudgementMayChoose(scoreLevel);
  return {
    ...base,
    title: 'Score and professional judgement',
    hidden: carried(form, [...SAFETY_FIELDS, ...ANSWER_FIELDS]),
    yesCount,
    scoreLevel,
    scoreLevelLabel: DASH_LEVEL_LABELS[scoreLevel],
    scoreTagClass: LEVEL_TAG_CLASSES[scoreLevel],
    judgementItems:
      levels.length === 0
        ? []
        : [
            {
              value: 'none',
              text: `No: the score’s level (${DASH_LEVEL_LABELS[scoreLevel]}) stands`,
              checked: chosen === 'none',
            },
            ...levels.map((l) => ({ value: l, text: `Raise to ${DASH_LEVEL_LABELS[l]}`, checked: chosen === l })),
          ],
  };
}

/**
 * The DASH with her: safety questions first, then the 24 questions, then the score and professional
 * judgement; her DASHes over time and each DASH's page. Partner side and management only: anyone
 * else is told "not found" before anything they sent is looked at.
 */
export function dashRoutes(app: FastifyInstance, { dash }: { dash: DashService }): void {
  const showErrors = async (reply: FastifyReply, partnerCase: DashCase, form: Form, error: AppError) => {
    const fields = Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [formFieldName(k), v]));
    if (fields.safeToTalk === NOT_SAFE_TO_TALK) {
      return reply.view(VIEWS.stop, { title: 'Stop: it is not safe to talk', partnerCase });
    }
    const stage = stageOf(fields);
    const mapped = new AppError(error.code, error.status, error.message, fields);
    return renderFormErrors(reply, VIEWS[stage], stageContext(stage, partnerCase, form), mapped);
  };

  /**
   * One page's step, posted to `url`. Not form(): the page shown again for bad input depends on
   * which answers were refused (or it is the stop page when it is not safe to talk).
   */
  const step = (
    url: string,
    action: (call: RouteCall<'/partner-cases/:id'>, partnerCase: DashCase, form: Form) => Promise<FastifyReply>,
  ) =>
    app.post(url, async (request, reply) => {
      const call = routeCall<'/partner-cases/:id'>(request, reply);
      const partnerCase = await dash.caseForForm(call.actor, call.params.id);
      const form = formOf(request.body);
      try {
        return await action(call, partnerCase, form);
      } catch (error) {
        if (isInvalidInput(error)) {
          return showErrors(reply, partnerCase, form, error);
        }
        throw error;
      }
    });

  /** The safety questions, then the 24 answers: checked, and if it is not safe to talk, stop; nothing is saved. */
  const nextPage =
    (schema: typeof ZDashSafety | typeof ZDashAnswers, next: 'questions' | 'judgement') =>
    async ({ reply }: { reply: FastifyReply }, partnerCase: DashCase, form: Form) => {
      if (!parseInput(schema, dashFromForm(form)).safeToTalk) {
        throw new InvalidInputError(NOT_SAFE_TO_TALK, { safeToTalk: NOT_SAFE_TO_TALK });
      }
      return reply.view(VIEWS[next], stageContext(next, partnerCase, form));
    };

  page(app, '/partner-cases/:id/dash', VIEWS.list, async ({ actor, params, origin }) => ({
    title: 'DASH risk identification',
    ...(await dash.list(actor, params.id, origin)),
    tagClasses: LEVEL_TAG_CLASSES,
    backLink: `/partner-cases/${params.id}`,
  }));

  page(app, '/partner-cases/:id/dash/new', VIEWS.safety, async ({ actor, params }) =>
    stageContext('safety', await dash.caseForForm(actor, params.id), {}),
  );

  step('/partner-cases/:id/dash/new', nextPage(ZDashSafety, 'questions'));

  // The 24 answers are all required; then the score, computed here, and professional judgement.
  step('/partner-cases/:id/dash/new/answers', nextPage(ZDashAnswers, 'judgement'));

  step('/partner-cases/:id/dash', async ({ actor, origin, reply }, partnerCase, form) => {
    const input = parseInput(ZDashInput, dashFromForm(form));
    const saved = await dash.record(actor, partnerCase.id, input, origin);
    return reply.redirect(`/partner-cases/${partnerCase.id}/dash/${saved.id}?saved=1`, 303);
  });

  page(app, '/partner-cases/:id/dash/:dashId', VIEWS.dash, async ({ actor, params, query, origin }) => ({
    title: 'DASH risk identification checklist',
    ...(await dash.view(actor, uuidOrNotFound(params.dashId), origin, params.id)),
    tagClasses: LEVEL_TAG_CLASSES,
    safety: DASH_SAFETY_QUESTIONS,
    flash: query.saved ? 'DASH saved' : undefined,
    backLink: `/partner-cases/${params.id}/dash`,
  }));
}
