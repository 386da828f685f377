import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { keepImportedMacros } from './macro-imports.js';

/* Macros imported without context are built once per template and give the same pages as before. */
function environment(keep: boolean) {
  let topLevelRuns = 0;
  const loader = new nunjucks.FileSystemLoader([]);
  const templates: Record<string, string> = {
    'macros.njk': `{% set built = countRun() %}{% macro greet(params) %}<p>{{ params.name | upper }}{% if caller %} {{ caller() }}{% endif %}</p>{% endmacro %}`,
    'contextual.njk': `{% set built = countRun() %}{% macro worker() %}<p>{{ workerName }}</p>{% endmacro %}`,
    'page.njk': `{% from "macros.njk" import greet %}{{ greet({ name: name }) }}{% call greet({ name: 'with caller' }) %}{{ note }}{% endcall %}`,
    'page-with-context.njk': `{% from "contextual.njk" import worker with context %}{{ worker() }}`,
  };
  loader.getSource = (name: string) => ({ src: templates[name] as string, path: name, noCache: false });
  const env = new nunjucks.Environment(loader, { autoescape: true });
  env.addGlobal('countRun', () => {
    topLevelRuns += 1;
    return topLevelRuns;
  });
  if (keep) {
    keepImportedMacros(env);
  }
  return { env, runs: () => topLevelRuns };
}

describe('macros imported without context', () => {
  it('are built once, and each render still gets its own arguments and caller', () => {
    const kept = environment(true);
    const plain = environment(false);
    for (const [name, note] of [
      ['Ada', 'first'],
      ['Brannock', 'second'],
      ['<Cyrus>', 'third'],
    ]) {
      const page = kept.env.render('page.njk', { name, note });
      expect(page).toBe(plain.env.render('page.njk', { name, note }));
      expect(page).toContain(`${note}</p>`);
    }
    expect(kept.env.render('page.njk', { name: '<b>', note: 'x' })).toContain('&lt;B&gt;');
    expect(plain.runs()).toBe(3);
    expect(kept.runs()).toBe(1);
  });

  it('imported with context, are built every time with the page’s variables', () => {
    const kept = environment(true);
    expect(kept.env.render('page-with-context.njk', { workerName: 'Tamsin' })).toBe('<p>Tamsin</p>');
    expect(kept.env.render('page-with-context.njk', { workerName: 'Wren' })).toBe('<p>Wren</p>');
    expect(kept.runs()).toBe(2);
  });
});
