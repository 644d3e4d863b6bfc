// Totals vitest JSON reports into the one line CI reads: "N passed, N failed".
// A missing or unreadable report counts as one failure (a suite that did not run has not passed).
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    const broken = r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.every((a) => a.status !== 'failed'));
    failed += broken.length; // a file that failed to load has no failed assertions of its own
    console.log(`${file}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${broken.length} files failed to run`);
  } catch {
    console.log(`${file}: missing or unreadable — counted as 1 failure`);
    failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
