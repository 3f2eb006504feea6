// Makes sure what the test suite needs from the machine is there: Debian's Chromium and fonts (installed
// with apt when running as root), poppler-utils, and a PostgreSQL server for the integration suite.
// Prints exactly what is missing otherwise. Used by `npm test` and `.ci/run`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const APT_PACKAGES = {
  '/usr/bin/chromium': 'chromium',
  '/usr/bin/pdftotext': 'poppler-utils',
  '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf': 'fonts-noto-core',
  // The journeys run a second time under a shifted system date (scripts/test.mjs).
  '/usr/bin/faketime': 'faketime',
};
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

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sh = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, ...opts });
const clusters = () =>
  existsSync('/usr/bin/pg_lsclusters')
    ? execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const [version, name, port, status] = l.trim().split(/\s+/);
          return { version, name, port: Number(port), status };
        })
    : [];
const installedServerVersions = () => (existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/postgres`)) : []);

async function waitFor(url, seconds) {
  for (let i = 0; i < seconds * 2; i++) {
    if (await canConnect(url)) return true;
    await sleep(500);
  }
  return false;
}

/**
 * Finds PostgreSQL at MOTCUA_TEST_PG_URL (default postgres@127.0.0.1:5432). When none answers and we run as root, it
 * makes one answer, as a newcomer would by hand: installs Debian's `postgresql` package if no server is installed,
 * starts the installed clusters, creates a cluster on the URL's port if none uses it, and lets the local `postgres`
 * user in over 127.0.0.1 without a password (trust) on a cluster this script created or installed, since the test URL
 * carries no password. It never edits a cluster it did not create. Without root it says exactly what to do.
 */
export async function ensurePostgres() {
  const url = process.env.MOTCUA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await canConnect(url)) return url;
  const target = new URL(url);
  const port = Number(target.port || 5432);
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname);
  if (isRoot && local) {
    let created = false;
    if (installedServerVersions().length === 0) {
      console.log('No PostgreSQL server is installed: installing Debian\'s postgresql package ...');
      let r = sh('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql']);
      if (r.status !== 0) {
        sh('apt-get', ['update', '-qq']);
        r = sh('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql']);
      }
      created = true;
    }
    for (const c of clusters().filter((c) => c.status !== 'online')) {
      console.log(`Starting the installed PostgreSQL ${c.version}/${c.name} cluster (port ${c.port}) ...`);
      sh('pg_ctlcluster', ['--skip-systemctl-redirect', c.version, c.name, 'start']);
    }
    if (!(await waitFor(url, 10))) {
      let cluster = clusters().find((c) => c.port === port);
      if (!cluster) {
        const version = installedServerVersions().sort((a, b) => Number(b) - Number(a))[0];
        if (version) {
          console.log(`Creating a PostgreSQL ${version} cluster "motcua" on port ${port} for the tests ...`);
          sh('pg_createcluster', ['--port', String(port), '--start', version, 'motcua', '--', '--auth-local=trust', '--auth-host=trust']);
          cluster = clusters().find((c) => c.port === port);
        }
      } else if (created) {
        // The package's own cluster asks for a password over TCP; the test URL has none.
        const hba = `/etc/postgresql/${cluster.version}/${cluster.name}/pg_hba.conf`;
        const { readFileSync, writeFileSync } = await import('node:fs');
        writeFileSync(hba, `host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust\n${readFileSync(hba, 'utf8')}`);
        sh('pg_ctlcluster', ['--skip-systemctl-redirect', cluster.version, cluster.name, 'reload']);
      }
      await waitFor(url, 20);
    }
    if (await canConnect(url)) return url;
  }
  console.error(
    `No PostgreSQL server answers at ${url.replace(/:[^:@/]+@/, ':***@')}.\n` +
      'The integration suite runs on PGlite and on a real PostgreSQL 15 server. As root, `npm test` installs and starts one by itself;\n' +
      'otherwise install one (`sudo apt-get install postgresql`), allow the postgres user from 127.0.0.1 (trust, or put a password in the URL),\n' +
      'or point MOTCUA_TEST_PG_URL at a server. To skip the PostgreSQL half knowingly: MOTCUA_SKIP_POSTGRES=1.',
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
