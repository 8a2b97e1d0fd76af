export { startEmulator, MAX_BODY_BYTES, type Emulator, type RequestLogEntry, type StartEmulatorOptions } from "./server";
export { DEFAULT_EMULATOR_OPTIONS, DEFAULT_EMULATOR_PROFILE, EMULATOR_PROFILES, type EmulatorOptions, type EmulatorProfile } from "./options";
export { FAULT_KINDS, type FaultKind, type FaultRule } from "./faults";
export type { RateLimitConfig, RateLimitScope } from "./rate-limit-window";
export {
  EmulatorStore,
  MAINTAIN_TEAM_ACTION_SET,
  type AddMemberInput,
  type AddRoleInput,
  type AddTeamInput,
  type BaseRole,
  type MemberRecord,
  type RoleRecord,
  type StatementRecord,
  type StoreSnapshot,
  type TeamRecord,
} from "./store";
export { applyTeamInstructions, type TeamApplyLookups, type TeamApplyResult, type TeamPermissionGrant, type TeamState } from "./team-apply";
