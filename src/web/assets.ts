import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's folder, found from this file whether it runs from src/ (tsx, tests) or from the
 * compiled dist/ (`npm start`): views, static files, styles and node_modules are read from there.
 */
export const PROJECT_ROOT = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
export const NODE_MODULES = path.join(PROJECT_ROOT, 'node_modules');

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      return path.resolve(from, '../..');
    }
  }
}

/*
 * Parallel's stylesheet: govuk-frontend and MOJ frontend components with our own system font
 * stack. Parallel is not a GOV.UK service, so the GDS Transport font is never included.
 */
const STYLESHEET = `
@use "@ministryofjustice/frontend/moj/base" with (
  $moj-font-family: (system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif),
  $moj-assets-path: "/assets/moj/"
);
@use "govuk-frontend/dist/govuk";
@use "@ministryofjustice/frontend/moj/all" as moj;
@use "src/web/styles/parallel";
`;

/** Compiles the stylesheet (about a second). sass is large: it is loaded only here. */
export async function compileStylesheet(): Promise<string> {
  const sass = await import('sass');
  return sass.compileString(STYLESHEET, {
    loadPaths: [PROJECT_ROOT, NODE_MODULES],
    style: 'compressed',
    logger: sass.Logger.silent,
  }).css;
}

/** Written beside the compiled server by the build (scripts/build.mjs); absent when running from src/. */
const PREBUILT = fileURLToPath(new URL('./app.css', import.meta.url));

let compiled: Promise<string> | undefined;

/** The build's stylesheet, or else compiled once per process on first request; then served from memory. */
export function stylesheet(): Promise<string> {
  compiled ??= fs.promises.readFile(PREBUILT, 'utf8').catch(() => compileStylesheet());
  return compiled;
}
