/**
 * The CPU time a local server process has used (user + system, all its
 * threads), from /proc/<pid>/stat. Sampled around a load it is the server's
 * own serving time, which the floor cannot separate from the client's.
 */
import { readFileSync } from 'node:fs';
import type { ServerProcess } from './cell.js';

export function serverCpuMs(server: ServerProcess): number {
  const stat = readFileSync(`/proc/${server.pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its ')' are plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 here.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / server.clockTicks;
}
