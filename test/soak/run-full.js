"use strict";
/**
 * `npm run soak`: the full fault soak (20 roles, 200 members, 30 teams, 1,020 memberships) and the full
 * interrupted apply, against the emulator with 20% seeded faults on every route and a rate-limit window.
 * Prints fault counts by kind and timings; exits 1 if any check fails. Needs `npm run build` (the script runs it).
 */
const { runFaultSoak } = require("./fault-soak");
const { runInterruptedApply } = require("./interrupted-apply");
const { SIZES } = require("./desired-org");

const problems = [];
function check(label, ok, detail) {
  console.log(`${ok ? "ok  " : "FAIL"} ${label}${ok || detail === undefined ? "" : `: ${JSON.stringify(detail).slice(0, 400)}`}`);
  if (!ok) problems.push(label);
}

function faultTable(counts) {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return `${Object.entries(counts).map(([kind, n]) => `${kind}: ${n}`).join(", ")} (total ${total})`;
}

async function main() {
  const started = Date.now();
  console.log("Fault soak (full)");
  const soak = await runFaultSoak({ size: SIZES.full, log: (line) => console.log(`  ${line}`) });
  console.log(`  resources: ${JSON.stringify(soak.resources)}; concurrency ${soak.concurrency}; rate limit ${soak.rateLimit.limit}/${soak.rateLimit.windowMs} ms`);
  for (const phase of soak.phases) console.log(`  faults during ${phase.name}: ${faultTable(phase.faults)}`);
  console.log(`  faults in all: ${faultTable(soak.faultCounts)}`);
  console.log(`  membership PATCHes during apply: ${soak.apply.teamPatches} for ${soak.resources.teamMembership} memberships`);
  check("apply: zero failed operations", soak.apply.failures.length === 0, soak.apply.failures);
  check("apply: every desired resource created", soak.apply.create === Object.values(soak.resources).reduce((a, b) => a + b, 0));
  check("apply: zero duplicate invites", soak.duplicateInvites.length === 0 && soak.apply.refusedInvites === 0, soak.duplicateInvites);
  check("apply: emulator state equals the desired state", soak.apply.differences.length === 0, soak.apply.differences);
  check("second apply: zero writes", soak.reapply.writes === 0 && soak.reapply.failures.length === 0, soak.reapply);
  check("destroy: emulator empty except the owner", soak.destroy.failures.length === 0 && Object.values(soak.destroy.left).every((n) => n === 0), soak.destroy.left);

  console.log("\nInterrupted apply (full)");
  const killed = await runInterruptedApply({ sizeName: "full", log: (line) => console.log(`  ${line}`) });
  console.log(`  faults in all: ${faultTable(killed.faultCounts)}`);
  check("both runs were killed with creates in flight", killed.interruptions.every((i) => Object.keys(i.pendingCreates).length > 0), killed.interruptions);
  check("resumed run: zero failed operations", killed.resumed.failures.length === 0, killed.resumed.failures);
  check("resumed run: state equals desired, no orphans", killed.resumed.differences.length === 0, killed.resumed.differences);
  check("zero duplicate invites", killed.duplicateInvites.length === 0 && killed.membersCreated === SIZES.full.members, killed.duplicateInvites);
  check("apply after the resumed run: zero writes", killed.again.writes === 0 && killed.again.failures.length === 0, killed.again);
  check("destroy: emulator empty except the owner", killed.destroy.failures.length === 0 && Object.values(killed.destroy.left).every((n) => n === 0), killed.destroy);

  console.log(`\n${problems.length === 0 ? "Soak passed" : `Soak FAILED (${problems.length})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
