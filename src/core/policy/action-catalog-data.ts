/**
 * Every action LaunchDarkly documents for role policies, by resource type (the innermost segment of a
 * resource specifier). Data only: refresh it with `node scripts/refresh-action-catalog.mjs` (see the README,
 * "Policies"), which prints the difference between this file and a saved copy of the two source pages.
 *
 * Many action names (`updateName`, `updateOn`, `updateTags`, …) are documented under several types; each
 * entry here is therefore the pair (type, action), written `type:action` when qualified. No qualified action
 * appears twice (test/unit/action-catalog.test.ts).
 */
export const ACTION_CATALOG = {
  /** The date of the newest source revision this catalog was built from (ISO). */
  sourceDate: "2026-10-31",
  sources: [
    { title: "Using actions", url: "https://launchdarkly.com/docs/home/account/roles/role-actions", revision: "per-type tables as of 2025-03, plus its \"Recently added actions\" table up to November 2025" },
    { title: "Recently updated actions and resources", url: "https://launchdarkly.com/docs/home/account/roles/role-updates", revision: "2026-10 (changes up to October 2026)" },
    { title: "Using resources", url: "https://launchdarkly.com/docs/home/account/roles/role-resources", revision: "2026" },
  ],
  actions: {
    acct: [
      "createAnnouncement", "createSamlConfig", "createScimConfig", "deleteAccount", "deleteAccountToken", "deleteAnnouncement",
      "deleteSamlConfig", "deleteScimConfig", "deleteSubscription", "getPaymentCard", "revokeSessions", "updateAccountOwner",
      "updateAccountToken", "updateAccountTokenLimit", "updateAnnouncement", "updateBillingContact", "updateOrganization",
      "updatePaymentCard", "updateRequireMfa", "updateSamlDecryptionEnabled", "updateSamlDefaultRole", "updateSamlEnabled",
      "updateSamlLogoutUrl", "updateSamlRequestSigningEnabled", "updateSamlRequireSso", "updateSamlSsoUrl",
      "updateSamlX509Certificate", "updateSamlX509KeystoreId", "updateSessionDuration", "updateSessionRefresh", "updateSubscription",
    ],
    "ip-allowlist": ["createIpAllowlistEntry", "deleteIpAllowlistEntry", "updateIpAllowlistEnabled", "updateIpAllowlistEntry", "viewIpAllowlist"],
    application: [
      "createApplication", "createApplicationVersion", "deleteApplication", "deleteApplicationVersion", "updateApplicationDescription",
      "updateApplicationKind", "updateApplicationMaintainer", "updateApplicationVersionName", "updateApplicationVersionSupport",
    ],
    "code-reference-repository": [
      "createCodeRefsRepository", "deleteCodeRefsRepository", "updateCodeRefsRepositoryBranches",
      "updateCodeRefsRepositoryConfiguration", "updateCodeRefsRepositoryName", "updateCodeRefsRepositoryOn",
    ],
    "domain-verification": ["createDomainVerification", "deleteDomainVerification", "updateDomainVerification"],
    integration: ["createIntegration", "deleteIntegration", "updateConfiguration", "updateName", "updateOn", "validateConnection"],
    member: [
      "approveDomainMatchedMember", "createMember", "deleteMember", "resetMemberMfa", "sendMfaRecoveryCode", "sendMfaRequest",
      "updateCustomRole", "updateMemberRoleAttributes", "updateRole",
    ],
    token: [
      "createAccessToken", "deleteAccessToken", "resetAccessToken", "updateAccessTokenDescription", "updateAccessTokenExpiry",
      "updateAccessTokenName", "updateAccessTokenPolicy",
    ],
    "service-token": ["createAccessToken", "deleteAccessToken", "resetAccessToken", "updateAccessTokenDescription", "updateAccessTokenName"],
    "pending-request": ["updatePendingRequest"],
    "relay-proxy-config": [
      "createRelayAutoConfiguration", "deleteRelayAutoConfiguration", "resetRelayAutoConfiguration",
      "updateRelayAutoConfigurationName", "updateRelayAutoConfigurationPolicy",
    ],
    role: ["createRole", "deleteRole", "updateBasePermissions", "updateDescription", "updateMembers", "updateName", "updatePolicy", "updateTokens"],
    team: [
      "createTeam", "deleteTeam", "updateTeamCustomRoles", "updateTeamDescription", "updateTeamMembers", "updateTeamName",
      "updateTeamPermissionGrants", "viewTeam",
    ],
    template: ["createTemplate", "deleteTemplate", "viewTemplate"],
    webhook: ["createWebhook", "deleteWebhook", "updateName", "updateOn", "updateQuery", "updateSecret", "updateStatements", "updateTags", "updateUrl"],
    proj: [
      "createProject", "deleteProject", "updateDefaultClientSideAvailability", "updateDefaultReleasePipeline",
      "updateIncludeInSnippetByDefault", "updateLifecycleSettings", "updateProjectFlagDefaults", "updateProjectName", "updateTags",
      "updateViewAssociationRequirements", "viewProject",
    ],
    aiconfig: [
      "applyApprovalRequest", "createAIConfig", "createApprovalRequest", "deleteAIConfig", "deleteAIConfigVariation",
      "deleteApprovalRequest", "reviewApprovalRequest", "updateAIConfig", "updateAIConfigVariation", "updateApprovalRequest",
    ],
    "ai-model-config": ["createAIModelConfig", "deleteAIModelConfig"],
    "context-kind": ["createContextKind", "updateAvailabilityForExperiments", "updateContextKind"],
    layer: ["createLayer", "updateLayer", "updateLayerConfiguration"],
    metric: [
      "createMetric", "deleteMetric", "updateArchived", "updateDescription", "updateEventDefault", "updateEventKey", "updateMaintainer",
      "updateMetricDenominator", "updateName", "updateNumeric", "updateNumericSuccess", "updateNumericUnit", "updateOn",
      "updateRandomizationUnits", "updateSelector", "updateTags", "updateUnitAggregationType", "updateUrls", "updateWindowOffset",
    ],
    "metric-group": [
      "createMetricGroup", "deleteMetricGroup", "updateMetricGroupDescription", "updateMetricGroupMaintainer", "updateMetricGroupMetrics",
      "updateMetricGroupName", "updateMetricGroupTags",
    ],
    "prompt-snippet": ["createPromptSnippet", "deletePromptSnippet", "updatePromptSnippet"],
    "release-pipeline": [
      "createReleasePipeline", "deleteReleasePipeline", "updateReleasePipelineDescription", "updateReleasePipelineName",
      "updateReleasePipelinePhase", "updateReleasePipelinePhaseName", "updateReleasePipelineTags",
    ],
    "release-policy": ["createReleasePolicy", "deleteReleasePolicy", "updateReleasePolicy", "updateReleasePolicyRank"],
    view: ["linkSegmentToView", "unlinkSegmentFromView"],
    env: [
      "createEnvironment", "deleteContextInstance", "deleteEnvironment", "importEventData", "updateApiKey", "updateApprovalSettings",
      "updateColor", "updateConfirmChanges", "updateCritical", "updateDefaultTrackEvents", "updateMobileKey", "updateName",
      "updateRequireComments", "updateSecureMode", "updateTags", "updateTtl", "viewSdkKey",
    ],
    "assignment-data-source": ["createAssignmentDataSource", "updateAssignmentDataSource"],
    destination: ["createDestination", "deleteDestination", "updateConfiguration", "updateName", "updateOn"],
    experiment: ["createExperiment", "updateExperiment", "updateExperimentArchived"],
    holdout: [
      "addExperimentToHoldout", "createHoldout", "removeExperimentFromHoldout", "updateHoldoutDescription", "updateHoldoutMethodology",
      "updateHoldoutName", "updateHoldoutRandomizationUnit", "updateHoldoutStatus",
    ],
    request: ["approvePendingRequest", "createPendingRequest", "denyPendingRequest", "viewPendingRequest"],
    flag: [
      "addReleasePipeline", "applyApprovalRequest", "bypassRequiredApproval", "cloneFlag", "copyFlagConfigFrom", "copyFlagConfigTo",
      "createApprovalRequest", "createFlag", "createFlagLink", "createTriggers", "deleteApprovalRequest", "deleteFlag", "deleteFlagLink",
      "deleteTriggers", "manageFlagFollowers", "removeReleasePipeline", "replaceReleasePipeline", "reviewApprovalRequest",
      "stopMeasuredRolloutOnFlagFallthrough", "stopMeasuredRolloutOnFlagRule", "toggleFlag", "updateApprovalRequest",
      "updateClientSideFlagAvailability", "updateDeprecated", "updateDescription", "updateExpiringTargets", "updateFallthrough",
      "updateFallthroughWithMeasuredRollout", "updateFeatureWorkflows", "updateFlagConfigMigrationSettings", "updateFlagCustomProperties",
      "updateFlagDefaultVariations", "updateFlagLink", "updateFlagRuleDescription", "updateFlagSalt", "updateFlagVariations",
      "updateGlobalArchived", "updateIncludeInSnippet", "updateMaintainer", "updateMeasuredRolloutConfiguration", "updateName",
      "updateOffVariation", "updateOn", "updatePrerequisites", "updateReleasePhaseStatus", "updateRules", "updateRulesWithMeasuredRollout",
      "updateScheduledChanges", "updateTags", "updateTargets", "updateTemporary", "updateTrackEvents", "updateTriggers",
      "updateVariationJsonSchema",
    ],
    segment: [
      "applyApprovalRequest", "createApprovalRequest", "createSegment", "deleteApprovalRequest", "deleteSegment", "reviewApprovalRequest",
      "updateApprovalRequest", "updateDescription", "updateExcluded", "updateExpiringTargets", "updateIncluded", "updateName",
      "updateRules", "updateScheduledChanges", "updateTags",
    ],
  },
} as const;
