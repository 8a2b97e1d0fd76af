import type * as pulumi from "@pulumi/pulumi";

export type ResourceKind = "member" | "team" | "teamMembership" | "customRole";

/** Property bags as the dynamic-provider host passes them (decoded protobuf Structs). */
export type Props = Record<string, any>;

/** What each resource implements; the runtime dispatches the shim's calls here. */
export interface ResourceProviderImpl {
  check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
}
