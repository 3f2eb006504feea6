// Makes sure what the test suite needs from the machine is there: Debian's Chromium and fonts (installed
// with apt when running as root), poppler-utils, and a PostgreSQL server for the integration suite.
// Prints exactly what is missing otherwise. Used by `npm test` and `.ci/run`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const APT_PACKAGES = { '/usr/bin/chromium': 'chromium', '/usr/bin/pdftotext': 'poppler-utils', '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf': 'fonts-noto-core' };
const isRoot = process.getuid?.() === 0;

function missingPackages() {
  return Object.entries(APT_PACKAGES).filter(([path]) => !existsSync(path)).map(([, pkg]) => pkg);
}

export function ensureAptPackages() {
  let missing = missingPackages();
  if (missing.length === 0) return;
  if (!isRoot) {
    console.error(`Missing system packages: ${missing.join(' ')}\nInstall them with: sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  console.log(`Installing ${missing.join(' ')} with apt-get ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  }
  missing = missingPackages();
  if (missing.length) {
    console.error(`Could not install: ${missing.join(' ')}`);
    process.exit(1);
  }
}

async function canConnect(url) {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

/** Finds PostgreSQL at MOTCUA_TEST_PG_URL (default 127.0.0.1:5432); starts the installed cluster if it is down. */
export async function ensurePostgres() {
  const url = process.env.MOTCUA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await canConnect(url)) return url;
  if (isRoot && existsSync('/etc/postgresql')) {
    for (const version of readdirSync('/etc/postgresql')) {
      console.log(`Starting the installed PostgreSQL ${version} cluster ...`);
      spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' });
    }
    for (let i = 0; i < 20 && !(await canConnect(url)); i++) await new Promise((r) => setTimeout(r, 500));
    if (await canConnect(url)) return url;
  }
  console.error(
    `No PostgreSQL server answers at ${url.replace(/:[^:@/]+@/, ':***@')}.\n` +
      'The integration suite runs on PGlite and on a real PostgreSQL 15 server. Start one (e.g. `sudo apt-get install postgresql` and allow trust\n' +
      'or password auth for 127.0.0.1), or point MOTCUA_TEST_PG_URL at one. To skip the PostgreSQL half knowingly: MOTCUA_SKIP_POSTGRES=1.',
  );
  process.exit(1);
}

export function pgVersion(url) {
  try {
    return execFileSync('psql', [url, '-Atc', 'SHOW server_version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
