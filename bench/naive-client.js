"use strict";
/**
 * What a user might write instead: undici straight at the API, no pacing, and on a 429 a fixed 1 s sleep
 * before trying again (at most 30 times). Used only by the benchmark, as the baseline.
 */
const { Agent, request } = require("undici");

const FIXED_BACKOFF_MS = 1000;
const MAX_ATTEMPTS = 30;

function naiveClient({ apiHost, token }) {
  const dispatcher = new Agent({ keepAliveTimeout: 4000 });
  const stats = { requests: 0, rateLimited: 0 };
  return {
    stats,
    async send(method, path, body) {
      for (let attempt = 1; ; attempt++) {
        stats.requests++;
        const res = await request(`${apiHost}${path}`, {
          method,
          dispatcher,
          headers: { authorization: token, "content-type": "application/json", "ld-api-version": "20240415" },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.body.text();
        if (res.statusCode >= 200 && res.statusCode < 300) return text === "" ? undefined : JSON.parse(text);
        if (res.statusCode === 429 && attempt < MAX_ATTEMPTS) {
          stats.rateLimited++;
          await new Promise((resolve) => setTimeout(resolve, FIXED_BACKOFF_MS));
          continue;
        }
        throw new Error(`${method} ${path} failed: ${res.statusCode} ${text.slice(0, 200)}`);
      }
    },
    close: () => dispatcher.close(),
  };
}

module.exports = { naiveClient, FIXED_BACKOFF_MS };
