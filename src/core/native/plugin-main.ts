import * as grpc from "@grpc/grpc-js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as providerRpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import { resetOptions } from "@pulumi/pulumi/runtime/settings";
import { resourceProviderService } from "./grpc-service";
import { LaunchDarklyAccessProvider } from "./native-provider";

/** The package's version (`package.json`, two levels above `dist/core/native`): the plugin's version. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8")) as { version: string }).version;
}

/**
 * The engine starts a plugin as `pulumi-resource-<name> [--logtostderr] [-v=N] [--tracing <url>] <engine address>`
 * (the address is missing for `pulumi package get-schema` and similar).
 */
export function engineAddressOf(args: readonly string[]): string | undefined {
  const positional: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === "--tracing") index++;
    else if (!arg.startsWith("-")) positional.push(arg);
  }
  return positional[0];
}

/**
 * Serves the native provider on a free local port and prints the port, as the engine expects of a plugin.
 * With an engine address, `pulumi.log` messages of the core (warnings, handovers) go to the engine's log.
 */
export async function main(args: readonly string[]): Promise<void> {
  const engineAddress = engineAddressOf(args);
  if (engineAddress) resetOptions("", "", -1, engineAddress, "", false, "");
  const provider = new LaunchDarklyAccessProvider({ version: packageVersion() });
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(providerRpc.ResourceProviderService, resourceProviderService(provider));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  process.stdout.write(`${port}\n`);
}
