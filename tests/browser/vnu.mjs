// The Nu Html Checker (vnu-jar, needs java) on every HTML file of a built site.
// Usage: node vnu.mjs --dir BUILT_SITE_DIR. Exits 1 on any error.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { args, htmlFiles } from './common.mjs';

const { dir } = args();
const jar = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar');
const files = htmlFiles(dir).map((f) => join(dir, f));
const run = spawnSync(process.env.JAVA || 'java',
  ['-jar', jar, '--errors-only', '--format', 'json', ...files], { encoding: 'utf8' });
if (run.error) {
  console.error(`could not run java: ${run.error.message}`);
  process.exit(2);
}
const report = JSON.parse(run.stderr || run.stdout || '{"messages":[]}');
const errors = report.messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
for (const m of errors) {
  console.log(`${m.url.replace(/^file:/, '')}:${m.lastLine ?? '?'}:${m.firstColumn ?? '?'}: ${m.message}`);
}
console.log(`vnu: ${files.length} files, ${errors.length} errors`);
process.exit(errors.length === 0 ? 0 : 1);
