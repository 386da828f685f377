#!/usr/bin/env node
/*
 * Builds what `npm start` runs: every TypeScript file of src/ (not the tests) transpiled by esbuild
 * into dist/, file by file with the tree kept, and the stylesheet compiled once into
 * dist/web/app.css, so a start neither compiles TypeScript nor loads sass.
 * Typechecking stays `npm run typecheck`; views, static files and styles are read from src/.
 *
 *   node scripts/build.mjs             build
 *   node scripts/build.mjs --if-stale  build only when a source changed since the last build
 *
 * Plain JavaScript on purpose: it runs before anything is compiled, at install and before each start.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = '.build-stamp.json';

/** Files under `dir` (relative to the project), sorted, that pass `keep`. */
function filesUnder(root, dir, keep) {
  const found = [];
  const walk = (relative) => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) {
        walk(child);
      } else if (keep(child)) {
        found.push(child);
      }
    }
  };
  walk(dir);
  return found.sort();
}

/** The TypeScript that the server runs: src/ without its tests. */
export function serverSources(root = PROJECT_ROOT) {
  return filesUnder(root, 'src', (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'));
}

/** What the stylesheet is made of: our styles and the installed frontends (their versions are in the lock file). */
export function stylesheetSources(root = PROJECT_ROOT) {
  return [...filesUnder(root, 'src/web/styles', (file) => file.endsWith('.scss')), 'src/web/assets.ts', 'package-lock.json'];
}

/**
 * A fingerprint of the files (name, size, modification time) and of this script: it changes when
 * any of them is edited, added, removed or checked out, without reading their contents.
 */
export function fingerprint(files, root = PROJECT_ROOT) {
  const hash = createHash('sha256');
  for (const file of [...files, 'scripts/build.mjs']) {
    const full = path.join(root, file);
    const stat = fs.existsSync(full) ? fs.statSync(full) : undefined;
    hash.update(`${file}\0${stat ? `${stat.size}:${stat.mtimeMs}` : 'missing'}\n`);
  }
  return hash.digest('hex');
}

function readStamp(outDir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(outDir, STAMP), 'utf8'));
  } catch {
    return {};
  }
}

/** Which parts of dist/ are out of date: the compiled server, the stylesheet, both or neither. */
export function staleParts(root = PROJECT_ROOT, outDir = path.join(root, 'dist')) {
  const stamp = readStamp(outDir);
  const server = !fs.existsSync(path.join(outDir, 'server.js')) || stamp.server !== fingerprint(serverSources(root), root);
  const stylesheet =
    !fs.existsSync(path.join(outDir, 'web/app.css')) || stamp.stylesheet !== fingerprint(stylesheetSources(root), root);
  return { server, stylesheet };
}

/**
 * Builds into a fresh folder beside dist/ and then swaps it in, so that a start never sees a half
 * written dist/ and files of removed sources do not linger. An up-to-date stylesheet is kept.
 */
export async function build({ root = PROJECT_ROOT, ifStale = false, log = (line) => process.stdout.write(`${line}\n`) } = {}) {
  const outDir = path.join(root, 'dist');
  const stale = staleParts(root, outDir);
  if (ifStale && !stale.server && !stale.stylesheet) {
    return { built: false };
  }
  const started = Date.now();
  const next = path.join(root, `dist.building-${process.pid}`);
  fs.rmSync(next, { recursive: true, force: true });
  const sources = serverSources(root);
  const serverPrint = fingerprint(sources, root);
  const stylesheetPrint = fingerprint(stylesheetSources(root), root);

  const esbuild = await import('esbuild');
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: sources,
    outdir: next,
    outbase: 'src',
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    tsconfig: path.join(root, 'tsconfig.json'),
    logLevel: 'warning',
  });

  const previousCss = path.join(outDir, 'web/app.css');
  const compileCss = !ifStale || stale.stylesheet;
  if (!compileCss && fs.existsSync(previousCss)) {
    fs.copyFileSync(previousCss, path.join(next, 'web/app.css'));
  } else {
    // The stylesheet as the server would compile it, from the module that defines it.
    const assets = await import(pathToFileURL(path.join(next, 'web/assets.js')).href);
    fs.writeFileSync(path.join(next, 'web/app.css'), await assets.compileStylesheet());
  }
  fs.writeFileSync(path.join(next, STAMP), `${JSON.stringify({ server: serverPrint, stylesheet: stylesheetPrint }, null, 2)}\n`);

  const old = path.join(root, `dist.old-${process.pid}`);
  if (fs.existsSync(outDir)) {
    fs.renameSync(outDir, old);
  }
  fs.renameSync(next, outDir);
  fs.rmSync(old, { recursive: true, force: true });
  log(
    `Built ${sources.length} files into dist/${compileCss ? ' and compiled the stylesheet' : ''} in ${Date.now() - started} ms.`,
  );
  return { built: true };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  build({ ifStale: process.argv.includes('--if-stale') }).catch((error) => {
    process.stderr.write(
      `Parallel could not be built: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
