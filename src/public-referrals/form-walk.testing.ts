import type { LightMyRequestResponse } from 'fastify';
import type { TestClient } from '../../test/fixtures/http.js';

/*
 * For the tests: the public form walked as a browser walks it, posting each page's form with the
 * sealed answers and CSRF token the page carries.
 */
export type StepAnswers = Record<string, string>;

const unescape = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

export function titleOf(response: LightMyRequestResponse): string {
  return unescape(/<title[^>]*>([^<]*)<\/title>/.exec(response.body)?.[1]?.trim() ?? '');
}

/** The question page shown: the step its form posts from, or 'who', 'check' or 'confirmation'. */
export function pageOf(response: LightMyRequestResponse): string {
  const body = response.body;
  if (body.includes('data-qa="check-form"')) {
    return 'check';
  }
  if (body.includes('data-qa="route-form"')) {
    return 'who';
  }
  if (body.includes('govuk-panel--confirmation')) {
    return 'confirmation';
  }
  return /data-qa="step-form" data-step="([a-z]+)"/.exec(body)?.[1] ?? `unknown (${response.statusCode})`;
}

export const referenceIn = (response: LightMyRequestResponse) => /data-qa="reference">([^<]+)</.exec(response.body)?.[1];

export class FormWalk {
  state = '';
  private csrf = '';
  readonly responses: LightMyRequestResponse[] = [];

  constructor(
    private readonly client: TestClient,
    readonly slug: string,
  ) {}

  get last(): LightMyRequestResponse {
    const last = this.responses[this.responses.length - 1];
    if (!last) {
      throw new Error('Nothing posted yet');
    }
    return last;
  }

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    this.responses.push(response);
    this.csrf = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1] ?? this.csrf;
    this.state = unescape(/name="state" value="([^"]*)"/.exec(response.body)?.[1] ?? this.state);
    return response;
  }

  async open(): Promise<LightMyRequestResponse> {
    return this.remember(await this.client.get(`/refer/${this.slug}`));
  }

  async post(
    fields: Record<string, string | string[]>,
    to: 'questions' | 'submit' = 'questions',
  ): Promise<LightMyRequestResponse> {
    const form = { _csrf: this.csrf, state: this.state, ...fields };
    return this.remember(await this.client.request('POST', `/refer/${this.slug}/${to}`, { form }));
  }

  continue(fields: StepAnswers = {}): Promise<LightMyRequestResponse> {
    return this.post({ action: 'continue', website: '', ...fields });
  }

  back(): Promise<LightMyRequestResponse> {
    return this.post({ action: 'back' });
  }

  change(page: string): Promise<LightMyRequestResponse> {
    return this.post({ action: `change-${page}` });
  }

  send(): Promise<LightMyRequestResponse> {
    return this.post({}, 'submit');
  }

  /** From the first page to check your answers, one page's answers at a time (or another action, like add-partner). */
  async toCheck(route: string, pages: StepAnswers[]): Promise<LightMyRequestResponse> {
    await this.open();
    await this.continue({ route });
    for (const answers of pages) {
      const before = pageOf(this.last);
      const response = await this.continue(answers);
      if (response.statusCode !== 200) {
        throw new Error(`The ${before} page refused its answers (${response.statusCode}): ${errorsIn(response).join('; ')}`);
      }
    }
    if (pageOf(this.last) !== 'check') {
      throw new Error(`Expected check your answers, got ${pageOf(this.last)}`);
    }
    return this.last;
  }
}

/** The messages of a page's error summary. */
export function errorsIn(response: LightMyRequestResponse): string[] {
  const summary = /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(response.body)?.[1] ?? '';
  return [...summary.matchAll(/<a href="[^"]*">([^<]*)<\/a>/g)].map((m) => unescape(m[1] ?? ''));
}
