// `npm run check` runs it: no import cycle in lib/, between files or between
// folders, and each folder imports only from the folders below it (the order
// of TIERS, bottom first; CONTRIBUTING.md, "Project layout"). Type-only
// imports count.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TIERS = ['errors', 'native', 'schema', 'sources', 'pipeline', 'api', 'cli'];
const lib = fileURLToPath(new URL('../lib', import.meta.url));
const files = readdirSync(lib, { recursive: true, encoding: 'utf8' })
  .filter((file) => /\.c?ts$/.test(file))
  .map((file) => file.split('\\').join('/'));
const folderOf = (file) => (file.includes('/') ? file.split('/')[0] : '.');

const edges = new Map(files.map((file) => [file, new Set()]));
const problems = [];
for (const file of files) {
  const text = readFileSync(join(lib, file), 'utf8');
  for (const [, spec] of text.matchAll(/(?:\bfrom|\bimport\s*\(?)\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = relative(lib, resolve(dirname(join(lib, file)), spec))
      .split('\\')
      .join('/')
      .replace(/\.cjs$/, '.cts')
      .replace(/\.js$/, '.ts');
    if (target.startsWith('..')) continue; // the addon's generated index.js at the root
    if (!edges.has(target)) problems.push(`${file}: imports ${spec}, not a file of lib/`);
    else edges.get(file).add(target);
  }
}

for (const [file, targets] of edges) {
  const from = folderOf(file);
  for (const target of targets) {
    const to = folderOf(target);
    if (from === to || from === '.') continue;
    if (!TIERS.includes(from) || !TIERS.includes(to)) problems.push(`${file}: folder not in TIERS`);
    else if (TIERS.indexOf(to) > TIERS.indexOf(from))
      problems.push(`${file} imports ${target}: ${from}/ is below ${to}/`);
  }
}

// Depth-first search for a cycle; prints the first found in the graph.
function findCycle(graph) {
  const state = new Map();
  const stack = [];
  const visit = (node) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    if (!state.has(node)) {
      const cycle = visit(node);
      if (cycle) return cycle;
    }
  }
  return undefined;
}

const folders = new Map();
for (const [file, targets] of edges) {
  const from = folderOf(file);
  if (!folders.has(from)) folders.set(from, new Set());
  for (const target of targets) if (folderOf(target) !== from) folders.get(from).add(folderOf(target));
}
const fileCycle = findCycle(edges);
if (fileCycle) problems.push(`import cycle between files: ${fileCycle.join(' → ')}`);
const folderCycle = findCycle(folders);
if (folderCycle) problems.push(`import cycle between folders: ${folderCycle.join(' → ')}`);

if (problems.length > 0) {
  console.error(`lib-layers:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
const count = [...edges.values()].reduce((sum, targets) => sum + targets.size, 0);
const order = [...folders].map(
  ([from, to]) => `${from}/ → ${[...to].sort((a, b) => TIERS.indexOf(a) - TIERS.indexOf(b)).join(', ') || '-'}`,
);
console.log(`lib-layers: ${files.length} files, ${count} imports, no cycle between files or folders`);
console.log(`  ${order.join('\n  ')}`);
