/**
 * Splits a `.cpuprofile` (from bench/write/profile.ts) into where the main
 * thread's time went: self time summed by category, in ms and percent.
 *
 *   node --import tsx bench/write/profile-summary.ts /tmp/prof/CPU.*.cpuprofile [--top 15]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

/** The category of a frame: whose code it is. */
function category({ functionName, url }: Node['callFrame']): string {
  if (functionName === '(idle)') return 'idle (waiting: server + network)';
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (functionName === '(program)' || functionName === '(root)') return 'program (native, unattributed)';
  if (url.includes('/node_modules/bson/')) return 'bson (serialize / deserialize)';
  if (url.includes('/node_modules/mongodb/')) return 'mongodb driver (other than bson)';
  if (url.includes('/node_modules/apache-arrow/')) return 'apache-arrow';
  if (url.includes('/lib/')) return 'mongodb-arrow lib/';
  if (url.includes('/bench/')) return 'bench harness';
  if (url === '' || url.startsWith('node:')) return `node internals / native (${functionName || 'anonymous'})`;
  return 'other';
}

const files = process.argv.slice(2).filter((a) => !a.startsWith('--') && !/^\d+$/.test(a));
const top = Number(process.argv[process.argv.indexOf('--top') + 1] ?? 15) || 15;
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byCategory = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const c = category(node.callFrame);
    const key = c.startsWith('node internals') ? 'node internals / native' : c;
    byCategory.set(key, (byCategory.get(key) ?? 0) + ms);
    const f = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/.*node_modules\//, '')}:${node.callFrame.lineNumber}`;
    byFunction.set(f, (byFunction.get(f) ?? 0) + ms);
  });
  console.log(`\n${file}: ${total.toFixed(0)} ms sampled`);
  for (const [c, ms] of [...byCategory].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${c.padEnd(40)} ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %`);
  }
  console.log('  top functions (self time):');
  for (const [f, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`    ${ms.toFixed(0).padStart(7)} ms  ${f}`);
  }
}
