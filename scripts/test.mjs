// `npm test`: type-check, build (the multi-process job test runs the compiled CLI), then every vitest
// project: unit, integration on PGlite, integration on PostgreSQL, browser.
import { spawnSync } from 'node:child_process';
import { ensureAptPackages, ensurePostgres } from './prereqs.mjs';

const run = (cmd, args, env = process.env) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

ensureAptPackages();
const projects = ['unit', 'integration-pglite', 'browser'];
const env = { ...process.env, MOTCUA_SCRYPT_LOG_N: process.env.MOTCUA_SCRYPT_LOG_N ?? '10' };
if (process.env.MOTCUA_SKIP_POSTGRES === '1') {
  console.warn('MOTCUA_SKIP_POSTGRES=1: the PostgreSQL half of the integration suite is NOT run.');
} else {
  env.MOTCUA_TEST_PG_URL = await ensurePostgres();
  projects.splice(2, 0, 'integration-postgres');
}
console.log('== type-check');
run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
console.log('== build');
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
console.log(`== tests: ${projects.join(', ')}`);
run('npx', ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), ...process.argv.slice(2)], env);
