import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, build, staleParts } from '../scripts/build.mjs';

/*
 * `npm start` runs the compiled server in dist/, built at install and again before a start when a
 * source has changed since (scripts/build.mjs). These tests build a small project of the same shape
 * and check that a change is never missed, and that nothing is rebuilt for no reason.
 */
let root: string;
let clock = Date.now() / 1000;
const quiet = (): void => undefined;

/** Writes a file with a modification time later than any before it, as an editor would. */
function write(relative: string, text: string): void {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  clock += 10;
  fs.utimesSync(file, clock, clock);
}

function read(relative: string): string {
  return fs.readFileSync(path.join(root, relative), 'utf8');
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'parallel-build-'));
  write('package.json', JSON.stringify({ type: 'module' }));
  write('package-lock.json', '{}');
  write('tsconfig.json', fs.readFileSync(path.join(PROJECT_ROOT, 'tsconfig.json'), 'utf8'));
  write('src/server.ts', "import { greeting } from './greeting.js';\nexport const message: string = greeting;\n");
  write('src/greeting.ts', "export const greeting: string = 'Welcome';\n");
  write('src/greeting.test.ts', 'export const checked: boolean = true;\n');
  write('src/web/styles/_parallel.scss', '.parallel { color: black; }\n');
  write('src/web/assets.ts', "export async function compileStylesheet(): Promise<string> {\n  return 'body{color:black}';\n}\n");
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('the build npm start runs', () => {
  it('compiles every source but the tests into dist/, keeping the tree, with the stylesheet beside the server', async () => {
    expect(staleParts(root)).toEqual({ server: true, stylesheet: true });
    expect(await build({ root, ifStale: true, log: quiet })).toEqual({ built: true });
    expect(read('dist/server.js')).toContain('from "./greeting.js"');
    expect(read('dist/server.js')).not.toContain(': string');
    expect(read('dist/greeting.js')).toContain('Welcome');
    expect(fs.existsSync(path.join(root, 'dist/greeting.test.js'))).toBe(false);
    expect(read('dist/web/app.css')).toBe('body{color:black}');
    expect(staleParts(root)).toEqual({ server: false, stylesheet: false });
  });

  it('does not build again when nothing changed, nor for a changed test', async () => {
    expect(await build({ root, ifStale: true, log: quiet })).toEqual({ built: false });
    write('src/greeting.test.ts', 'export const checked: boolean = false;\n');
    expect(staleParts(root)).toEqual({ server: false, stylesheet: false });
    expect(await build({ root, ifStale: true, log: quiet })).toEqual({ built: false });
  });

  it('builds again after a source is edited, keeping the stylesheet when its sources did not change', async () => {
    write('src/greeting.ts', "export const greeting: string = 'Welcome back';\n");
    fs.writeFileSync(path.join(root, 'dist/web/app.css'), 'kept');
    expect(staleParts(root).server).toBe(true);
    expect(await build({ root, ifStale: true, log: quiet })).toEqual({ built: true });
    expect(read('dist/greeting.js')).toContain('Welcome back');
    expect(read('dist/web/app.css')).toBe('kept');
    expect(staleParts(root)).toEqual({ server: false, stylesheet: false });
  });

  it('compiles the stylesheet again when a style changes', async () => {
    write('src/web/styles/_parallel.scss', '.parallel { color: blue; }\n');
    expect(staleParts(root)).toEqual({ server: false, stylesheet: true });
    expect(await build({ root, ifStale: true, log: quiet })).toEqual({ built: true });
    expect(read('dist/web/app.css')).toBe('body{color:black}');
  });

  it('builds again when a source is added or removed, and leaves nothing of a removed one', async () => {
    write('src/farewell.ts', "export const farewell: string = 'Goodbye';\n");
    expect(staleParts(root).server).toBe(true);
    await build({ root, ifStale: true, log: quiet });
    expect(read('dist/farewell.js')).toContain('Goodbye');

    fs.rmSync(path.join(root, 'src/farewell.ts'));
    expect(staleParts(root).server).toBe(true);
    await build({ root, ifStale: true, log: quiet });
    expect(fs.existsSync(path.join(root, 'dist/farewell.js'))).toBe(false);
    expect(fs.readdirSync(root).filter((name) => name.startsWith('dist.'))).toEqual([]);
  });

  it('builds again when dist/ has lost the server', async () => {
    fs.rmSync(path.join(root, 'dist/server.js'));
    expect(staleParts(root).server).toBe(true);
    await build({ root, ifStale: true, log: quiet });
    expect(fs.existsSync(path.join(root, 'dist/server.js'))).toBe(true);
  });
});

describe("Parallel's own build", () => {
  it('leaves a compiled server and stylesheet in dist/ that are up to date with src/', { timeout: 180_000 }, async () => {
    // Others may be editing src/ meanwhile: a change made during a build is caught by the next one.
    let stale = { server: true, stylesheet: true };
    for (let attempt = 0; attempt < 3 && (stale.server || stale.stylesheet); attempt += 1) {
      await build({ ifStale: true, log: quiet });
      stale = staleParts();
    }
    expect(stale).toEqual({ server: false, stylesheet: false });
    expect(fs.existsSync(path.join(PROJECT_ROOT, 'dist/server.js'))).toBe(true);
    expect(fs.readFileSync(path.join(PROJECT_ROOT, 'dist/web/app.css'), 'utf8')).toContain('.govuk-header');
  });
});
