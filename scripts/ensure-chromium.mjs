// Makes sure a Chromium for Playwright exists. Playwright cannot download browsers here,
// so we use Debian's package; as root we install it, otherwise we say how in one line.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH?.trim() || '/usr/bin/chromium';

if (!existsSync(path)) {
  if (process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH) {
    console.error(`Chromium not found at PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH=${path}`);
    process.exit(1);
  }
  if (process.getuid?.() !== 0) {
    console.error(
      'Chromium is missing: run `sudo apt-get install -y chromium` (or set PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH).',
    );
    process.exit(1);
  }
  console.log('Chromium is missing: installing Debian’s chromium package…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
  if (!existsSync(path)) {
    console.error(`apt-get finished but ${path} still does not exist.`);
    process.exit(1);
  }
}
