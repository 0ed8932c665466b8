/**
 * Renders `sample-policy.md` to `dist/contact-policy.pdf`, the file deployed to the
 * post-pack bucket at POLICY_DOCUMENT_KEY (`policy/contact-policy.pdf`).
 * Run: `npx tsx assets/policy/build-policy-pdf.ts`. The output is deterministic.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { samplePolicy } from '../../local/adapters/policy.js';

const out = new URL('./dist/contact-policy.pdf', import.meta.url);
mkdirSync(new URL('./dist/', import.meta.url), { recursive: true });
const { pdf } = await samplePolicy();
writeFileSync(out, pdf);
console.log(`wrote ${out.pathname} (${pdf.length} bytes)`);
