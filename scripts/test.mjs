// `npm test`: type-check, lint, build (the multi-process job test runs the compiled CLI), then every vitest
// project: unit, integration on PGlite, integration on PostgreSQL, browser; then the journeys again under shifted
// system dates, because a browser keeps cookies by its own clock and no test may depend on the day it runs.
import { spawnSync } from 'node:child_process';
import { ensureAptPackages, ensurePostgres } from './prereqs.mjs';

const run = (cmd, args, env = process.env) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

/** System dates the journeys are replayed at: one ordinary day a few months on, one years on (and a Saturday). */
export const SHIFTED_DATES = ['2027-06-15 10:00:00', '2031-02-01 10:00:00'];
/** The journeys: every browser test and the integration files that sign in and carry a dossier through. */
const JOURNEYS = [
  'test/browser/',
  'test/integration/http-api.test.ts',
  'test/integration/dossiers-http.test.ts',
  'test/integration/desk-pages.test.ts',
  'test/integration/dossier-pages.test.ts',
  'test/integration/my-dossiers-pages.test.ts',
  'test/integration/tracking-pages.test.ts',
];

ensureAptPackages();
const projects = ['unit', 'integration-pglite', 'browser'];
const env = { ...process.env, MOTCUA_SCRYPT_LOG_N: process.env.MOTCUA_SCRYPT_LOG_N ?? '10' };
if (process.env.MOTCUA_SKIP_POSTGRES === '1') {
  console.warn('MOTCUA_SKIP_POSTGRES=1: the PostgreSQL half of the integration suite is NOT run.');
} else {
  env.MOTCUA_TEST_PG_URL = await ensurePostgres();
  projects.splice(2, 0, 'integration-postgres');
}
const extra = process.argv.slice(2);
console.log('== type-check');
run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
console.log('== lint');
run('npx', ['eslint', '.']);
console.log('== build');
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
console.log(`== tests: ${projects.join(', ')}`);
run('npx', ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), ...extra], env);
if (process.env.MOTCUA_SHIFTED_DATES === '0' || extra.length > 0) {
  console.warn('The journeys were not replayed under shifted system dates (MOTCUA_SHIFTED_DATES=0 or a filtered run).');
} else {
  for (const date of SHIFTED_DATES) {
    console.log(`== journeys with the system clock at ${date} (faketime)`);
    // The monotonic clock is shifted too (faketime's default): Chromium stalls when its wall and monotonic clocks
    // disagree about the offset.
    run('faketime', [date, 'npx', 'vitest', 'run', '--project', 'integration-pglite', '--project', 'browser', ...JOURNEYS], env);
  }
}
