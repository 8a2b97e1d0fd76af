import type * as pulumi from "@pulumi/pulumi";
import type { Props } from "./props";
import type { Session } from "../session/session";

/** What each resource implements; a front door dispatches its calls here, with the session they share. */
export interface ResourceProviderImpl {
  check(session: Session, olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult>;
  diff(session: Session, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
  create(session: Session, inputs: Props): Promise<pulumi.dynamic.CreateResult>;
  read(session: Session, id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
  update(session: Session, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
  delete(session: Session, id: string, props: Props): Promise<void>;
}
