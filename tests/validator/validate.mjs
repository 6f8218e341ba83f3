// Run Adobe's structured-data validator on built HTML pages and print one JSON report.
//
// Why: `aeoloop verify` implements Google's structured-data rules itself; this script applies an
// independent implementation (@adobe/structured-data-validator, with the extractor it expects,
// @marbec/web-auto-extractor) to the same built pages, so the test suite notices when the two
// drift. The schema.org vocabulary is read from a local file (no network at test time).
//
// Usage: node tests/validator/validate.mjs VOCABULARY.jsonld PAGE.html|DIR [...]
// Output (stdout): {"pages": [{"path", "errors": [...], "warnings": [...]}], "errors": N, "warnings": N}
// Exit codes: 0 report printed (whatever it contains), 2 usage or input error.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Validator from '@adobe/structured-data-validator';
import WebAutoExtractor from '@marbec/web-auto-extractor';

function fail(message) {
  process.stderr.write(`validate.mjs: ${message}\n`);
  process.exit(2);
}

function htmlFiles(target) {
  let info;
  try {
    info = statSync(target);
  } catch {
    fail(`${target}: no such file or directory`);
  }
  if (info.isFile()) return [target];
  const found = [];
  for (const name of readdirSync(target).sort()) {
    const path = join(target, name);
    if (statSync(path).isDirectory()) found.push(...htmlFiles(path));
    else if (name.endsWith('.html')) found.push(path);
  }
  return found;
}

const [vocabularyPath, ...targets] = process.argv.slice(2);
if (!vocabularyPath || targets.length === 0) {
  fail('usage: validate.mjs VOCABULARY.jsonld PAGE.html|DIR [...]');
}
let vocabulary;
try {
  vocabulary = JSON.parse(readFileSync(vocabularyPath, 'utf8'));
} catch (err) {
  fail(`${vocabularyPath}: cannot read the schema.org vocabulary (${err.message})`);
}

const pages = [];
for (const path of targets.flatMap(htmlFiles)) {
  const html = readFileSync(path, 'utf8');
  const extracted = new WebAutoExtractor({ addLocation: true, embedSource: ['rdfa', 'microdata'] }).parse(html);
  const issues = await new Validator(vocabulary).validate(extracted);
  const slim = (i) => ({
    message: i.issueMessage,
    path: (i.path || []).map((p) => [p.type, p.property, p.index].filter((x) => x !== undefined).join(':')).join(' > '),
    fields: i.fieldNames || [],
  });
  pages.push({
    path,
    errors: issues.filter((i) => i.severity === 'ERROR').map(slim),
    warnings: issues.filter((i) => i.severity !== 'ERROR').map(slim),
  });
}
const count = (key) => pages.reduce((n, p) => n + p[key].length, 0);
process.stdout.write(JSON.stringify({ pages, errors: count('errors'), warnings: count('warnings') }, null, 1) + '\n');
