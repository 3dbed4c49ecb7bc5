/**
 * A V8 CPU profile of the main thread around `body`, written to `out` as a
 * `.cpuprofile` (Chrome DevTools, or bench/write/profile-summary.ts). The
 * sampling interval is 200 µs, finer than V8's default 1 ms, because one
 * load of the bench takes 100–300 ms.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

export async function withCpuProfile(out: string, body: () => Promise<void>): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    await body();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(out, JSON.stringify(profile));
    session.disconnect();
    console.log(`profile: ${out}`);
  }
}
