import * as grpc from "@grpc/grpc-js";
import * as anyProto from "google-protobuf/google/protobuf/any_pb";
import * as emptyProto from "google-protobuf/google/protobuf/empty_pb";
import * as structProto from "google-protobuf/google/protobuf/struct_pb";
import * as pluginProto from "@pulumi/pulumi/proto/plugin_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import * as statusProto from "@pulumi/pulumi/proto/status_pb";
import { PartialFailureError } from "../resources/partial-failure";
import type { Props } from "../resources/props";
import type { PropertyDiffKind } from "./detailed-diff";
import type { LaunchDarklyAccessProvider, NativeDiffResult } from "./native-provider";

/**
 * The `pulumirpc.ResourceProvider` gRPC service over the native provider. `@pulumi/pulumi/provider`'s
 * server answers Configure without passing the configuration on, leaves CheckConfig and DiffConfig
 * unimplemented and drops detailed diffs, so this one does the protocol work itself: protobuf Structs to
 * plain objects and back, and errors to gRPC statuses (a partly created object as `ErrorResourceInitFailed`).
 */
type Call<Request> = { request: Request };
type Callback<Response> = (error: grpc.ServiceError | Error | null, response?: Response) => void;

const DIFF_KINDS: Record<PropertyDiffKind, providerProto.PropertyDiff.Kind> = {
  add: providerProto.PropertyDiff.Kind.ADD,
  addReplace: providerProto.PropertyDiff.Kind.ADD_REPLACE,
  delete: providerProto.PropertyDiff.Kind.DELETE,
  deleteReplace: providerProto.PropertyDiff.Kind.DELETE_REPLACE,
  update: providerProto.PropertyDiff.Kind.UPDATE,
  updateReplace: providerProto.PropertyDiff.Kind.UPDATE_REPLACE,
};

function plain(struct: structProto.Struct | undefined): Props {
  return (struct?.toJavaScript() ?? {}) as Props;
}

function struct(value: unknown): structProto.Struct {
  return structProto.Struct.fromJavaScript((value ?? {}) as Record<string, structProto.JavaScriptValue>);
}

/** Runs one RPC: the handler's answer, or its error as the gRPC status the engine understands. */
function answer<Response>(callback: Callback<Response>, handler: () => Promise<Response>): void {
  handler().then(
    (response) => callback(null, response),
    (error: unknown) => callback(statusFor(error)),
  );
}

function statusFor(error: unknown): grpc.ServiceError | Error {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof PartialFailureError)) return error instanceof Error ? error : new Error(message);
  // The object exists but is not fully converged: its id and properties go to the state (`ErrorResourceInitFailed`).
  const detail = new providerProto.ErrorResourceInitFailed();
  detail.setId(error.id);
  detail.setProperties(struct(error.properties));
  detail.setReasonsList(error.reasons);
  const packed = new anyProto.Any();
  packed.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
  const status = new statusProto.Status();
  status.setCode(grpc.status.UNKNOWN);
  status.setMessage(message);
  status.addDetails(packed);
  const metadata = new grpc.Metadata();
  metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  return Object.assign(new Error(message), { code: grpc.status.UNKNOWN, details: message, metadata });
}

function diffResponse(result: NativeDiffResult): providerProto.DiffResponse {
  const response = new providerProto.DiffResponse();
  const { DiffChanges } = providerProto.DiffResponse;
  response.setChanges(result.changes === true ? DiffChanges.DIFF_SOME : result.changes === false ? DiffChanges.DIFF_NONE : DiffChanges.DIFF_UNKNOWN);
  response.setReplacesList(result.replaces ?? []);
  response.setStablesList(result.stables ?? []);
  response.setDeletebeforereplace(result.deleteBeforeReplace === true);
  if (result.detailedDiff) {
    response.setHasdetaileddiff(true);
    const map = response.getDetaileddiffMap();
    for (const [path, kind] of Object.entries(result.detailedDiff)) {
      const entry = new providerProto.PropertyDiff();
      entry.setKind(DIFF_KINDS[kind]);
      entry.setInputdiff(false);
      map.set(path, entry);
    }
    response.setDiffsList([...new Set(Object.keys(result.detailedDiff).map((path) => path.match(/^[^.[]+/)?.[0] ?? path))]);
  }
  return response;
}

function checkResponse(inputs: Props, failures: readonly { property: string; reason: string }[] | undefined): providerProto.CheckResponse {
  const response = new providerProto.CheckResponse();
  response.setInputs(struct(inputs));
  response.setFailuresList(
    (failures ?? []).map((failure) => {
      const entry = new providerProto.CheckFailure();
      entry.setProperty(failure.property);
      entry.setReason(failure.reason);
      return entry;
    }),
  );
  return response;
}

export function resourceProviderService(provider: LaunchDarklyAccessProvider): grpc.UntypedServiceImplementation {
  return {
    getPluginInfo(_call: Call<unknown>, callback: Callback<pluginProto.PluginInfo>) {
      callback(null, new pluginProto.PluginInfo().setVersion(provider.version));
    },
    getSchema(call: Call<providerProto.GetSchemaRequest>, callback: Callback<providerProto.GetSchemaResponse>) {
      answer(callback, async () => {
        if (call.request.getVersion() !== 0) throw new Error(`unsupported schema version ${call.request.getVersion()}`);
        return new providerProto.GetSchemaResponse().setSchema(await provider.getSchema());
      });
    },
    checkConfig(call: Call<providerProto.CheckRequest>, callback: Callback<providerProto.CheckResponse>) {
      answer(callback, async () => {
        const result = await provider.checkConfig(plain(call.request.getOlds()), plain(call.request.getNews()));
        return checkResponse(result.inputs, result.failures);
      });
    },
    diffConfig(call: Call<providerProto.DiffRequest>, callback: Callback<providerProto.DiffResponse>) {
      answer(callback, async () => diffResponse(await provider.diffConfig(plain(call.request.getOlds()), plain(call.request.getNews()))));
    },
    configure(call: Call<providerProto.ConfigureRequest>, callback: Callback<providerProto.ConfigureResponse>) {
      answer(callback, async () => {
        await provider.configure(plain(call.request.getArgs()), new Map(call.request.getVariablesMap().entries()));
        // No secrets or resource references inside resource calls: the engine strips them and restores secrecy on outputs.
        return new providerProto.ConfigureResponse().setAcceptsecrets(false).setAcceptresources(false).setSupportspreview(false);
      });
    },
    check(call: Call<providerProto.CheckRequest>, callback: Callback<providerProto.CheckResponse>) {
      answer(callback, async () => {
        const request = call.request;
        const result = await provider.check(request.getUrn(), plain(request.getOlds()), plain(request.getNews()));
        return checkResponse(result.inputs ?? plain(request.getNews()), result.failures);
      });
    },
    diff(call: Call<providerProto.DiffRequest>, callback: Callback<providerProto.DiffResponse>) {
      answer(callback, async () => {
        const request = call.request;
        return diffResponse(await provider.diff(request.getId(), request.getUrn(), plain(request.getOlds()), plain(request.getNews())));
      });
    },
    create(call: Call<providerProto.CreateRequest>, callback: Callback<providerProto.CreateResponse>) {
      answer(callback, async () => {
        const result = await provider.create(call.request.getUrn(), plain(call.request.getProperties()));
        return new providerProto.CreateResponse().setId(result.id).setProperties(struct(result.outs));
      });
    },
    read(call: Call<providerProto.ReadRequest>, callback: Callback<providerProto.ReadResponse>) {
      answer(callback, async () => {
        const request = call.request;
        const result = await provider.read(request.getId(), request.getUrn(), plain(request.getProperties()), plain(request.getInputs()));
        // Gone: no id and no properties at all, which the engine reads as "does not exist" (an empty Struct would
        // read as an object without inputs, and `pulumi import` would blame the plugin for not supporting import).
        if (!result.id) return new providerProto.ReadResponse();
        const response = new providerProto.ReadResponse().setId(result.id).setProperties(struct(result.props));
        if (result.inputs !== undefined) response.setInputs(struct(result.inputs));
        return response;
      });
    },
    update(call: Call<providerProto.UpdateRequest>, callback: Callback<providerProto.UpdateResponse>) {
      answer(callback, async () => {
        const request = call.request;
        const result = await provider.update(request.getId(), request.getUrn(), plain(request.getOlds()), plain(request.getNews()));
        return new providerProto.UpdateResponse().setProperties(struct(result.outs));
      });
    },
    delete(call: Call<providerProto.DeleteRequest>, callback: Callback<emptyProto.Empty>) {
      answer(callback, async () => {
        await provider.delete(call.request.getId(), call.request.getUrn(), plain(call.request.getProperties()));
        return new emptyProto.Empty();
      });
    },
    cancel(_call: Call<unknown>, callback: Callback<emptyProto.Empty>) {
      callback(null, new emptyProto.Empty());
    },
    attach(_call: Call<unknown>, callback: Callback<emptyProto.Empty>) {
      callback(null, new emptyProto.Empty());
    },
  };
}
