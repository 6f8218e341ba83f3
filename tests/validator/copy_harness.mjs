// Runs assets/aeoloop-copy.js against a minimal stand-in for the browser APIs it uses (document
// click delegation, URL, fetch, navigator.clipboard, location) and prints what it did as JSON.
// Why: the test suite has Node but no browser; this checks the script's decisions (same-origin
// only, copy the fetched mirror, announce the result, fall back to the link on failure).
// Usage: node copy_harness.mjs SCRIPT.js SCENARIO   (same-origin | cross-origin | http-error | no-clipboard)
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const [script, scenario] = process.argv.slice(2);
const origin = 'https://site.example';
const result = { prevented: false, fetched: null, copied: null, status: '', navigated: null };
let handler = null;
const status = { textContent: '' };
const href = scenario === 'cross-origin' ? 'https://other.example/guides/oee/index.html.md' : `${origin}/guides/oee/index.html.md`;
const link = {
  href,
  parentNode: { querySelector: () => status },
  getAttribute: (name) => (name === 'data-copied' ? 'Copied to the clipboard' : null),
};
const location = { origin, set href(value) { result.navigated = value; } };
const context = {
  URL,
  Error,
  document: { baseURI: `${origin}/guides/oee/`, addEventListener: (type, fn) => { if (type === 'click') handler = fn; } },
  window: { location, fetch: true },
  navigator: scenario === 'no-clipboard' ? {} : { clipboard: { writeText: async (text) => { result.copied = text; } } },
  fetch: async (url, options) => {
    result.fetched = { url, credentials: options && options.credentials };
    if (scenario === 'http-error') return { ok: false, status: 404, text: async () => '' };
    return { ok: true, status: 200, text: async () => '# What is OEE?\n' };
  },
};
vm.runInNewContext(readFileSync(script, 'utf8'), context);
handler({ target: { closest: (selector) => (selector === 'a[data-aeoloop-copy]' ? link : null) }, preventDefault: () => { result.prevented = true; } });
await new Promise((resolve) => setTimeout(resolve, 50));
result.status = status.textContent;
process.stdout.write(JSON.stringify(result) + '\n');
