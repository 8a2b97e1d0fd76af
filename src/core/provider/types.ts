import type * as pulumi from "@pulumi/pulumi";
import type { Session } from "../session/session";

export type ResourceKind = "member" | "team" | "teamMembership" | "customRole";

export const RESOURCE_KINDS: readonly ResourceKind[] = ["member", "team", "teamMembership", "customRole"];

/** Property bags as the dynamic-provider host passes them (decoded protobuf Structs). */
export type Props = Record<string, any>;

/** What each resource implements; a front door dispatches its calls here, with the session they share. */
export interface ResourceProviderImpl {
  check(session: Session, olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult>;
  diff(session: Session, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
  create(session: Session, inputs: Props): Promise<pulumi.dynamic.CreateResult>;
  read(session: Session, id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
  update(session: Session, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
  delete(session: Session, id: string, props: Props): Promise<void>;
}
