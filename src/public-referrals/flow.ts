import type { Answers } from './answers.js';
import type { Draft } from './draft.js';
import type { PublicRoute } from './labels.js';
import {
  CHILD_SLOT_FIELDS,
  INITIAL_CHILD_SLOTS,
  PARTNER_SLOT_FIELDS,
  belongsTo,
  childField,
  initialPartnerSlots,
  partnerField,
  stepsFor,
  type PageId,
  type StepId,
} from './steps.js';

/*
 * Moving between the pages of the public form: pure functions over the draft. Continue goes to
 * the next page, or back to check your answers when the person came from there to change
 * something; Back goes to the page before, keeping every answer given.
 */

/** Who is referring, chosen or changed: answers that still apply are kept, the rest dropped. */
export function withRoute(draft: Draft, route: PublicRoute): Draft {
  if (draft.route === route) {
    return { ...draft, at: 'him' };
  }
  const steps = stepsFor(route);
  const answers = Object.fromEntries(
    Object.entries(draft.answers).filter(([name]) => steps.some((step) => belongsTo(step, route, name))),
  );
  const slots =
    draft.route === null ? { partners: initialPartnerSlots(route), children: INITIAL_CHILD_SLOTS } : { ...draft.slots };
  // A changed route asks its pages again, filled in with what still applies.
  return { ...draft, route, answers, slots, done: [], returnToCheck: false, at: 'him' };
}

/** The page after a step that was answered. */
export function nextPage(draft: Draft, after: StepId | 'who'): PageId {
  const steps = draft.route ? stepsFor(draft.route) : [];
  if (draft.returnToCheck) {
    return steps.find((step) => !draft.done.includes(step)) ?? 'check';
  }
  return after === 'who' ? (steps[0] ?? 'check') : (steps[steps.indexOf(after) + 1] ?? 'check');
}

/** The page Back goes to. */
export function previousPage(draft: Draft): PageId {
  if (draft.at === 'who' || !draft.route) {
    return 'who';
  }
  const steps = stepsFor(draft.route);
  if (draft.at === 'check') {
    return steps[steps.length - 1] ?? 'who';
  }
  if (draft.returnToCheck && steps.every((step) => draft.done.includes(step))) {
    return 'check';
  }
  const index = steps.indexOf(draft.at);
  return index > 0 ? (steps[index - 1] ?? 'who') : 'who';
}

type SlotKind = 'partners' | 'children';
const SLOT_FIELDS = {
  partners: { fields: PARTNER_SLOT_FIELDS as readonly string[], name: (n: number, f: string) => partnerField(n, f as 'phone') },
  children: { fields: CHILD_SLOT_FIELDS as readonly string[], name: (n: number, f: string) => childField(n, f as 'age') },
};

/** The posted answers with box n of a list taken out and the boxes after it moved up one. */
export function withoutSlot(answers: Answers, kind: SlotKind, n: number, count: number): Answers {
  const { fields, name } = SLOT_FIELDS[kind];
  const result: Answers = { ...answers };
  for (let i = n; i <= count; i += 1) {
    for (const field of fields) {
      const next = answers[name(i + 1, field)];
      if (i < count && next !== undefined) {
        result[name(i, field)] = next;
      } else {
        delete result[name(i, field)];
      }
    }
  }
  return result;
}

/**
 * A step's answers kept in the draft, replacing what it had: the boxes of a list left empty are
 * dropped and the rest numbered from 1, so the page shows them in order when opened again.
 */
export function withStepSaved(draft: Draft, step: StepId, posted: Answers): Draft {
  const route = draft.route;
  if (!route) {
    return draft;
  }
  let answers = posted;
  const slots = { ...draft.slots };
  const kind: SlotKind | null = step === 'partners' ? 'partners' : step === 'children' ? 'children' : null;
  if (kind) {
    const { fields, name } = SLOT_FIELDS[kind];
    let count = slots[kind];
    for (let n = count; n >= 1; n -= 1) {
      if (fields.every((field) => (answers[name(n, field)] ?? '').trim() === '')) {
        answers = withoutSlot(answers, kind, n, count);
        count -= 1;
      }
    }
    slots[kind] = Math.max(count, kind === 'partners' ? initialPartnerSlots(route) : INITIAL_CHILD_SLOTS);
  }
  const kept = Object.fromEntries(Object.entries(draft.answers).filter(([field]) => !belongsTo(step, route, field)));
  return {
    ...draft,
    answers: { ...kept, ...answers },
    slots,
    done: draft.done.includes(step) ? draft.done : [...draft.done, step],
  };
}
