import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The flags every headless run uses: no sandbox (CI containers), no GPU, nothing fetched, no profile reused. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Debian's `chromium`; fails clearly when it is missing (`.ci/run` installs it). */
export function chromiumBinary(): string {
  for (const candidate of [process.env.CHROMIUM_BIN, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((c): c is string => !!c)) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('chromium is not installed: apt-get install -y --no-install-recommends chromium (.ci/run does it)');
}

/** Runs headless Chromium with a fresh profile on `url` with the extra flags, and returns stdout. */
export function chromium(url: string, extra: readonly string[]): string {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  try {
    const run = spawnSync(chromiumBinary(), [...FLAGS, `--user-data-dir=${profile}`, ...extra, url], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    if (run.error) throw run.error;
    if (run.status !== 0) throw new Error(`chromium exited ${run.status}:\n${run.stderr}`);
    return run.stdout;
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
