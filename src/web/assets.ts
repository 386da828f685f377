import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const NODE_MODULES = path.join(PROJECT_ROOT, 'node_modules');

/*
 * Parallel's stylesheet: govuk-frontend and MOJ frontend components with our own system font
 * stack. Parallel is not a GOV.UK service, so the GDS Transport font is never included.
 */
const STYLESHEET = `
@use "@ministryofjustice/frontend/moj/base" with (
  $moj-font-family: (system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif),
  $moj-assets-path: "/assets/"
);
@use "govuk-frontend/dist/govuk";
@use "@ministryofjustice/frontend/moj/all" as moj;
@use "src/web/styles/parallel";
`;

let compiled: Promise<string> | undefined;

/** Compiled once per process on first request (about a second), then served from memory. */
export function stylesheet(): Promise<string> {
  compiled ??= Promise.resolve().then(
    () =>
      sass.compileString(STYLESHEET, {
        loadPaths: [PROJECT_ROOT, NODE_MODULES],
        style: 'compressed',
        logger: sass.Logger.silent,
      }).css,
  );
  return compiled;
}
