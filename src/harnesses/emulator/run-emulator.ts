import { processIo, runCli } from "../../tools/cli/main";

/**
 * `npm run emulator` in this repository: the same as the package's `pulumi-launchdarkly-access emulator`
 * (src/tools/cli/emulator-command.ts), so both take the same options and EMULATOR_PORT / EMULATOR_TOKEN /
 * EMULATOR_PROFILE.
 */
void runCli(["emulator", ...process.argv.slice(2)], processIo()).then((code) => {
  process.exitCode = code;
});
