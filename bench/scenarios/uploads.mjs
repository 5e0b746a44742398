// Scenario "uploads": a 10 MiB document through the gateway's upload route against the same upload straight to the
// simulator, and 20 at once. Skipped while the gateway has no upload route.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/harness.mjs';

export function options() {
  return {};
}

export async function run() {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'http', 'uploads.js'))) {
    return {
      skipped: 'this build has no upload route (src/http/uploads.ts)',
      checks: [
        { name: '10 MiB upload time vs straight to the simulator', target: '≤ 1.2×', text: 'not measured' },
        { name: 'RSS rise with 20 concurrent uploads', target: '< 50 MB', text: 'not measured' },
      ],
    };
  }
  throw new Error('uploads: not implemented yet');
}
