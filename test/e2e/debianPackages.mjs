// The Debian packages the E2E run needs: `npm ci && npm test` must work alone on a fresh Debian machine, so the
// run installs them itself when it runs as root, and otherwise says exactly what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import process from 'node:process';
import console from 'node:console';

/** Why each package is needed, for the message a non-root user gets. */
export const DEBIAN_PACKAGES = {
  chromium: 'drives the journeys (/usr/bin/chromium)',
  'libkrb5-dev': "lets code-server's kerberos module build while it is provisioned",
};

function isInstalled(name) {
  const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return query.status === 0 && query.stdout.includes('install ok installed');
}

function apt(args) {
  // Another run (or unattended-upgrades) may hold the dpkg lock: wait for it rather than fail.
  const result = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], {
    stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

/**
 * Installs the missing ones of `names` (root: apt-get update, then apt-get install -y), or throws a message
 * naming the command to run. Returns the names it installed.
 */
export function ensureDebianPackages(names, log = console.log) {
  const hasDpkg = spawnSync('dpkg-query', ['--version']).status === 0;
  if (!hasDpkg) {
    if (names.includes('chromium') && !existsSync('/usr/bin/chromium')) {
      throw new Error('e2e: /usr/bin/chromium is missing and this is not a Debian system: install Chromium at /usr/bin/chromium '
        + '(and the Kerberos development headers for code-server\'s build)');
    }
    return [];
  }
  const missing = names.filter((name) => !isInstalled(name));
  if (missing.length === 0) return [];
  const why = missing.map((name) => `${name} ${DEBIAN_PACKAGES[name] ?? ''}`.trim()).join('; ');
  if (process.getuid?.() !== 0) {
    throw new Error(`e2e: missing Debian packages (${why}); not root, so install them first: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`e2e: installing Debian packages ${missing.join(' ')} (${why})`);
  apt(['update']);
  apt(['install', '-y', ...missing]);
  return missing;
}

// `npm test` runs this first (the `pretest` script), so a fresh Debian machine gets Chromium before the unit tests
// that drive it (the copy engine's browser host) and the E2E journeys.
if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const installed = ensureDebianPackages(Object.keys(DEBIAN_PACKAGES));
    if (installed.length) console.log(`e2e: installed ${installed.join(', ')}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
