/**
 * The folder-level import graph of src/ and its cycles: which top-level folders (capabilities and
 * the lower layer) import each other in a loop, counting runtime and type-only imports alike
 * (import-x/no-cycle in lint sees file-level runtime cycles only). Tests are left out: they sit on
 * top of everything.
 *
 *   node scripts/folder-cycles.mjs        the folders in each cycle and the links between them
 *   node scripts/folder-cycles.mjs -v     and the file imports behind each link
 *
 * Exits 1 while there is a cycle.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const verbose = process.argv.includes('-v');
const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return sourceFiles(path);
    }
    return name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

const folderOf = (file) => relative(SRC, file).split(sep)[0];

/** folder -> folder it imports -> the file imports behind the link */
const links = new Map();
for (const file of sourceFiles(SRC)) {
  for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2];
    if (!specifier.startsWith('.')) {
      continue;
    }
    let target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
    if (!existsSync(target) && existsSync(`${target}.ts`)) {
      target = `${target}.ts`;
    }
    const from = folderOf(file);
    const to = folderOf(target);
    if (!target.startsWith(SRC + sep) || from === to) {
      continue;
    }
    const out = links.get(from) ?? new Map();
    links.set(from, out);
    out.set(to, [...(out.get(to) ?? []), `${relative(SRC, file)} -> ${relative(SRC, target)}`]);
  }
}

// Tarjan's strongly connected components: each with more than one folder is a cycle (or several).
const folders = [...new Set([...links.keys(), ...[...links.values()].flatMap((out) => [...out.keys()])])].sort();
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const components = [];
let next = 0;
function visit(folder) {
  index.set(folder, next);
  low.set(folder, next);
  next += 1;
  stack.push(folder);
  onStack.add(folder);
  for (const to of links.get(folder)?.keys() ?? []) {
    if (!index.has(to)) {
      visit(to);
      low.set(folder, Math.min(low.get(folder), low.get(to)));
    } else if (onStack.has(to)) {
      low.set(folder, Math.min(low.get(folder), index.get(to)));
    }
  }
  if (low.get(folder) === index.get(folder)) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== folder);
    if (component.length > 1) {
      components.push(component.sort());
    }
  }
}
for (const folder of folders) {
  if (!index.has(folder)) {
    visit(folder);
  }
}

const lines = [];
for (const component of components) {
  lines.push(`Folders in a cycle (${component.length}): ${component.join(', ')}`);
  for (const from of component) {
    for (const [to, imports] of links.get(from) ?? []) {
      if (component.includes(to)) {
        lines.push(`  ${from} -> ${to} (${imports.length})`);
        if (verbose) {
          lines.push(...imports.map((line) => `      ${line}`));
        }
      }
    }
  }
}
for (const from of folders) {
  for (const to of links.get(from)?.keys() ?? []) {
    if (from < to && links.get(to)?.has(from)) {
      lines.push(`Import each other: ${from} <-> ${to}`);
    }
  }
}
lines.push(components.length ? `${components.length} cycle(s) between folders.` : 'No cycles between folders.');
process.stdout.write(`${lines.join('\n')}\n`);
process.exitCode = components.length ? 1 : 0;
