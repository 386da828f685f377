import type nunjucks from 'nunjucks';

/*
 * `{% from "govuk/components/button/macro.njk" import govukButton %}` makes Nunjucks run the macro
 * file's top level again on every render, to build its macros afresh: a case page imports about
 * thirty such files through its layout, about a tenth of its Node.js CPU. An import without
 * context sees nothing of the page that imports it (a new, empty context and frame), so what it
 * exports is the same every time: the same macros, defined the same way. This keeps each loaded
 * template's exports after the first time they are asked for without context. An import `with
 * context` is run every time, as before. A template Nunjucks loads again (TEMPLATE_CACHE=off in
 * development) is a new template, so an edited macro file is read afresh.
 *
 * Calling a kept macro is safe across requests: a macro's body sets up a frame of its own and
 * restores the caller's before it returns, synchronously (Parallel adds no asynchronous filters).
 */

type Callback = (error: unknown, value?: unknown) => void;
type Exporting = { getExported: (...args: unknown[]) => unknown };

const kept = new WeakSet<object>();

/** Makes `template` keep what it exports to an import without context. */
function keepExports(template: unknown): unknown {
  if (typeof template !== 'object' || template === null || kept.has(template)) {
    return template;
  }
  kept.add(template);
  const exporting = template as Exporting;
  const getExported = exporting.getExported.bind(exporting);
  let exports: unknown;
  exporting.getExported = (...args: unknown[]) => {
    const [callback] = args;
    if (args.length !== 1 || typeof callback !== 'function') {
      return getExported(...args); // `with context`: the importing page's variables, every time
    }
    if (exports !== undefined) {
      return (callback as Callback)(null, exports);
    }
    return getExported((error: unknown, exported: unknown) => {
      if (!error) {
        exports = exported;
      }
      (callback as Callback)(error, exported);
    });
  };
  return template;
}

/** Keeps the macros a template imports without context, for every template `env` loads. */
export function keepImportedMacros(env: nunjucks.Environment): void {
  const getTemplate = env.getTemplate.bind(env) as (...args: unknown[]) => unknown;
  (env as unknown as { getTemplate: (...args: unknown[]) => unknown }).getTemplate = (...args: unknown[]) => {
    const at = args.findIndex((arg) => typeof arg === 'function');
    if (at === -1) {
      return keepExports(getTemplate(...args));
    }
    const callback = args[at] as Callback;
    args[at] = (error: unknown, template: unknown) => callback(error, error ? template : keepExports(template));
    return getTemplate(...args);
  };
}
