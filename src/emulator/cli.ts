import { startEmulator } from "./server";

/**
 * `npm run emulator`: starts the emulator and prints how to reach it.
 * Env: EMULATOR_PORT (default 8787; 0 = any free port), EMULATOR_TOKEN (default random).
 */
async function main(): Promise<void> {
  const port = Number(process.env.EMULATOR_PORT ?? 8787);
  const emulator = await startEmulator({
    port: Number.isInteger(port) && port >= 0 ? port : 8787,
    ...(process.env.EMULATOR_TOKEN ? { token: process.env.EMULATOR_TOKEN } : {}),
  });
  process.stdout.write(
    [
      `LaunchDarkly emulator listening on ${emulator.url}`,
      `Access token: ${emulator.token}`,
      "",
      `  export LAUNCHDARKLY_API_HOST=${emulator.url}`,
      `  export LAUNCHDARKLY_ACCESS_TOKEN=${emulator.token}`,
      "",
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal} received, stopping emulator\n`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Emulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
