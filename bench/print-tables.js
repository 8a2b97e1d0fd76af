"use strict";
/** Renders the benchmark results as Markdown tables (printed by `npm run bench`, pasted into notes). */

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(String(h).length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(" | ")} |`;
  return [line(header), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map(line)].join("\n");
}

const ms = (n) => `${Math.round(n)} ms`;
const fixed = (n, digits = 2) => Number(n).toFixed(digits);

const pct = (share) => `${Math.round(share * 100)} %`;

function terraformCell(tf) {
  if (!tf) return "";
  const missing = tf.unpublished.length ? ` + ${tf.unpublished.join(", ")} (unpublished)` : "";
  return `${tf.lowerBound ? "≥" : ""}${tf.requests}${missing}`;
}

function renderTables(results) {
  const out = [];
  out.push("## Requests per operation (emulator) vs LaunchDarkly's Terraform provider (published)");
  out.push(
    table(
      ["resource", "operation", "N custom roles", "Terraform", "ours, cold process", "ours, warm", "ours sends (cold)"],
      results.requestCounts.map((r) => [r.resource, r.op, r.resource === "member" ? r.n : "", r.terraform, r.cold, r.warm ?? "", r.coldRequests.join(", ")]),
    ),
  );

  const { largeOrg: big } = results;
  const tf = big.terraform;
  out.push(`\n## Large org: ${big.size.roles} roles, ${big.size.members} members, ${big.size.teams} teams, ${big.size.memberships} memberships (${big.size.resources} resources), harness engine`);
  out.push(
    table(
      ["--parallel", "initial up: writes", "floor", "Terraform", "no-op up", "refresh: requests", "Terraform", "200 to one team: PATCHes", "floor", "destroy: writes", "floor", "Terraform"],
      big.runs.map((r) => [
        r.parallelism,
        r.initial.writes.sent,
        r.initial.writes.floor,
        terraformCell(tf.create),
        r.noopUp.requests,
        r.refresh.requests,
        terraformCell(tf.refresh),
        r.addToOneTeam.patches,
        r.addToOneTeam.floor,
        r.destroy.writes.sent,
        r.destroy.writes.floor,
        terraformCell(tf.destroy),
      ]),
    ),
  );
  out.push(
    "\n" +
      table(
        ["--parallel", "operation", "write kind", "objects", "sent", "floor", "× floor"],
        big.runs.flatMap((r) =>
          [["initial up", r.initial.writes], ...(r.initialLenient ? [["initial up (lenient emulator)", r.initialLenient.writes]] : []), ["destroy", r.destroy.writes]].flatMap(([op, w]) =>
            [...w.rows.map((k) => [r.parallelism, op, k.kind, k.objects, k.sent, k.floor, fixed(k.sent / k.floor)]), [r.parallelism, op, "all", "", w.sent, w.floor, fixed(w.sent / w.floor)]],
          ),
        ),
      ),
  );
  out.push(
    "\n" +
      table(
        ["--parallel", "refresh requests by route", "refresh time", "initial up time", "200 to one team: ids per PATCH"],
        big.runs.map((r) => [r.parallelism, Object.entries(r.refresh.byRoute).map(([route, n]) => `${route} ×${n}`).join(", "), ms(r.refresh.ms), ms(r.initial.ms), r.addToOneTeam.batchSizes.join("+")]),
      ),
  );

  const rl = results.rateLimitedCompletion;
  out.push(`\n## 1,000 member updates under a rate limit of ${rl.rateLimit.limit} requests / ${rl.rateLimit.windowMs} ms`);
  out.push(
    "lower bound (issue's definition) = requests ÷ allowed per window × window = " +
      `${ms(rl.runs[0].lowerBoundMs)}; tight bound for fixed windows = (⌈requests ÷ allowed⌉ − 1) × window = ${ms(rl.tightLowerBoundMs)}`,
  );
  out.push(
    table(
      ["client", "in flight", "time", "ratio to bound", "ratio to tight bound", "failures", "requests sent", "429s"],
      rl.runs.map((r) => [r.client, r.parallel, ms(r.ms), fixed(r.ratio), fixed(r.ms / rl.tightLowerBoundMs), r.failures, r.requestsSent, r.rateLimited429]),
    ),
  );

  const d = results.diffTiming;
  out.push(`\n## Diff time, Team with ${d.members} member ids (${d.runs} calls)`);
  out.push(
    table(
      ["case", "median", "p95", "goal"],
      [
        ["unchanged (other order)", `${fixed(d.unchanged.medianMs)} ms`, `${fixed(d.unchanged.p95Ms)} ms`, "< 5 ms"],
        ["one member swapped", `${fixed(d.oneSwapped.medianMs)} ms`, `${fixed(d.oneSwapped.p95Ms)} ms`, "< 5 ms"],
      ],
    ),
  );

  out.push("\n## `__provider` size per resource (bytes in state, per resource)");
  out.push(table(["resource", "bytes"], Object.entries(results.providerSizes).map(([kind, bytes]) => [kind, bytes])));

  out.push("\n## Warm per-RPC latency through Pulumi's dynamic-provider host (gRPC, CustomRole)");
  out.push(
    table(
      ["RPC", "median ms", "p95 ms", "samples"],
      Object.entries(results.hostLatency).map(([rpc, s]) => [rpc, s.median, s.p95, s.samples]),
    ),
  );
  return out.join("\n");
}

/** `npm run bench:cli`'s tables, one set per label ("before", "current", …). */
function renderRealCliTables(realCli) {
  const out = [];
  for (const [label, section] of Object.entries(realCli ?? {})) {
    if (section.scale) {
      const s = section.scale.size;
      out.push(`\n## Real CLI (${label}): ${s.roles} roles, ${s.members} members, ${s.teams} teams, ${s.memberships} memberships; default --parallel here ${section.defaultParallel}`);
      out.push(
        table(
          ["operation", "--parallel", "wall", "requests", "writes", "write floor", "provider busy", "Terraform requests", "requests by route"],
          section.scale.runs.map((r) => [
            r.operation,
            r.parallel,
            ms(r.wallMs),
            r.requests,
            r.writes,
            r.floorSum || "",
            `${ms(r.providerBusyMs)} (${pct(r.providerShare)})`,
            terraformCell(r.terraform),
            Object.entries(r.byRoute).map(([route, n]) => `${route} ×${n}`).join(", "),
          ]),
        ),
      );
      const writes = section.scale.runs.flatMap((r) => r.writeKinds.map((k) => [r.operation, r.parallel, k.route, k.objects, k.batchCap, k.sent, k.floor, fixed(k.sent / Math.max(1, k.floor))]));
      if (writes.length) out.push("\n" + table(["operation", "--parallel", "write kind", "objects", "API cap", "sent", "floor", "× floor"], writes));
    }
    if (section.arrivals) {
      const s = section.arrivals.size;
      out.push(`\n## Membership arrivals under the real CLI (${label}): ${s.roles + s.members + s.teams + s.memberships} resources, ${s.memberships} memberships on ${s.teams} teams`);
      out.push(
        table(
          ["engine", "--parallel", "call", "memberships", "PATCHes", "floor", "per-team floor", "× floor", "gap, any team (ms)", "gap, same team (ms)", "mean call (ms)", "ids per PATCH"],
          section.arrivals.runs.map((r) => [
            r.source ?? "real CLI",
            r.parallel,
            r.method,
            r.memberships,
            r.patches,
            r.floor,
            r.perTeamFloor,
            fixed(r.patches / r.floor),
            r.medianGlobalGapMs ?? "",
            r.medianGapMs,
            r.meanCallMs,
            r.idsPerPatch.join(" "),
          ]),
        ),
      );
    }
  }
  return out.join("\n");
}

module.exports = { renderTables, renderRealCliTables };
