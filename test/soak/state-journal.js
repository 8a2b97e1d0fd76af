"use strict";
/**
 * The harness engine's checkpoint, written the way Pulumi writes its own: a pending create is recorded before
 * the provider is called, the result after it returns. Append-only JSON lines, so a process killed at any
 * moment leaves a readable file (at worst a torn last line, which is ignored).
 */
const fs = require("node:fs");

function openJournal(file) {
  const append = (record) => fs.appendFileSync(file, `${JSON.stringify(record)}\n`);
  return {
    pending: (entry) => append({ t: "pending", entry }),
    done: (entry) => append({ t: "done", entry }),
    removed: (urn) => append({ t: "removed", urn }),
  };
}

/** The state the checkpoint describes, and the creates that started but never reported back. */
function loadJournal(file) {
  const state = new Map();
  const pending = new Map();
  if (!fs.existsSync(file)) return { state, pendingCreates: [] };
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    let record;
    try {
      record = JSON.parse(line);
    } catch {
      continue;
    }
    if (record.t === "pending") pending.set(record.entry.urn, record.entry);
    else if (record.t === "done") {
      pending.delete(record.entry.urn);
      state.set(record.entry.urn, record.entry);
    } else if (record.t === "removed") state.delete(record.urn);
  }
  return { state, pendingCreates: [...pending.values()] };
}

module.exports = { openJournal, loadJournal };
