"use strict";
/**
 * Interrupted apply: the apply runs in a child process (engine and providers, state in a journal) against
 * the emulator in this process, with the soak's faults. The child is SIGKILLed twice — once while members are
 * being invited, once while memberships are being written — and a third run must converge: every desired
 * object exactly once, no orphans, no duplicate invites. A fourth run must send no writes; a destroy empties
 * the account.
 */
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { differences, resolveDesired } = require("./convergence");
const { desiredOrg, SIZES } = require("./desired-org");
const { loadDist } = require("./dist-modules");
const { SOAK_RATE_LIMIT, soakFaults } = require("./fault-plan");
const { trackInvites } = require("./invite-tracker");
const { loadJournal } = require("./state-journal");

const CHILD = path.join(__dirname, "apply-child.js");

function writesSoFar(emu) {
  return emu.requests.filter((r) => r.method !== "GET").length;
}

/** Runs the child; when `killWhen(emu)` turns true, SIGKILLs it. Resolves with its report, or `killed`. */
function runChild(emu, env, killWhen) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    let killedAt;
    const watch = killWhen
      ? setInterval(() => {
          if (killedAt === undefined && killWhen(emu)) {
            killedAt = writesSoFar(emu);
            child.kill("SIGKILL");
          }
        }, 5)
      : undefined;
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (watch) clearInterval(watch);
      if (signal === "SIGKILL") return resolve({ killed: true, killedAtWrites: killedAt, stderr });
      if (code !== 0) return reject(new Error(`apply child exited with ${code}: ${stderr}`));
      const last = stdout.trim().split("\n").pop();
      resolve({ killed: false, report: JSON.parse(last), stderr });
    });
  });
}

function countLive(emu) {
  return { members: emu.store.members.size - 1, teams: emu.store.teams.size, roles: emu.store.roles.size };
}

/** Live objects the journal's state does not own: what a pending create left behind. */
function untracked(emu, state) {
  const ids = new Set([...state.values()].map((e) => e.id));
  return {
    members: [...emu.store.members.values()].filter((m) => m._id !== emu.store.owner._id && !ids.has(m._id)).length,
    teams: [...emu.store.teams.keys()].filter((k) => !ids.has(k)).length,
    roles: [...emu.store.roles.keys()].filter((k) => !ids.has(k)).length,
  };
}

function pendingByKind(pendingCreates) {
  const counts = {};
  for (const p of pendingCreates) counts[p.kind] = (counts[p.kind] ?? 0) + 1;
  return counts;
}

/**
 * @param {{sizeName:"short"|"full", seed?:number, log?:(line:string)=>void}} options
 */
async function runInterruptedApply({ sizeName, seed = 11, log = () => {} }) {
  const dist = loadDist();
  const size = SIZES[sizeName];
  const emu = await dist.emulator.startEmulator({ faults: soakFaults(), seed, rateLimit: SOAK_RATE_LIMIT });
  const invites = trackInvites(emu);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ld-soak-"));
  const journalFile = path.join(dir, "state.jsonl");
  const env = { SOAK_API_HOST: emu.url, SOAK_TOKEN: emu.token, SOAK_JOURNAL: journalFile, SOAK_SIZE: sizeName, SOAK_PREFIX: "kill" };
  const interruptions = [];
  try {
    const kill = async (name, killWhen) => {
      const started = Date.now();
      const run = await runChild(emu, { ...env, SOAK_MODE: "up" }, killWhen);
      if (!run.killed) throw new Error(`the ${name} run finished before it could be killed`);
      const { state, pendingCreates } = loadJournal(journalFile);
      const entry = {
        name,
        ms: Date.now() - started,
        killedAtWrites: run.killedAtWrites,
        stateEntries: state.size,
        pendingCreates: pendingByKind(pendingCreates),
        live: countLive(emu),
        untrackedLive: untracked(emu, state),
      };
      interruptions.push(entry);
      log(`${name}: killed after ${entry.killedAtWrites} writes; state holds ${entry.stateEntries}, pending ${JSON.stringify(entry.pendingCreates)}, live but untracked ${JSON.stringify(entry.untrackedLive)}`);
    };

    // While members are being invited (roles are done), then while memberships are being written.
    await kill("killed mid-members", (e) => e.store.members.size - 1 >= Math.floor(size.members / 2));
    await kill("killed mid-memberships", (e) => e.requests.filter((r) => r.method === "PATCH" && r.path.startsWith("/api/v2/teams/")).length >= size.teams);

    emu.resetRequestLog();
    const started = Date.now();
    const resumed = await runChild(emu, { ...env, SOAK_MODE: "up" });
    const resumeMs = Date.now() - started;
    const { state } = loadJournal(journalFile);
    const resources = desiredOrg(size, "kill");
    const { resolved, unresolved } = resolveDesired(resources, (urn) => {
      const entry = state.get(urn);
      if (!entry) throw new Error(`${urn} not in state`);
      return entry.outputs;
    });
    const diffs = [...unresolved.map((urn) => `${urn}: not in state`), ...differences(emu.store, resolved, state)];
    log(`resumed run: ${resumeMs} ms, ${resumed.report.failures.length} failures, ${diffs.length} differences`);

    emu.resetRequestLog();
    const again = await runChild(emu, { ...env, SOAK_MODE: "up" });
    const writesAgain = writesSoFar(emu);
    const destroyed = await runChild(emu, { ...env, SOAK_MODE: "destroy" });

    return {
      size,
      interruptions,
      resumed: { ms: resumeMs, ...resumed.report, differences: diffs },
      duplicateInvites: invites.duplicateInvites(),
      membersCreated: invites.created(),
      again: { failures: again.report.failures, writes: writesAgain },
      destroy: { failures: destroyed.report.failures, left: countLive(emu) },
      faultCounts: emu.faultCounts,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await emu.close();
  }
}

module.exports = { runInterruptedApply };
