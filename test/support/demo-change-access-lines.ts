/** explain's Access changes for the demo's change stage (Linus joins Platform, production deploys tighten, Ken leaves), production first. */
export const DEMO_CHANGE_ACCESS_LINES = [
  "ada@example.com (Ada Lovelace) loses every role: deployer-production, deployer-staging (the member is deleted)",
  "ada@example.org (Ada Lovelace) joins with base role writer",
  "ada@example.org gains updateOn, updateFallthrough, updateTargets, updateRules on proj/checkout:env/production:flag/*, proj/web:env/production:flag/*",
  "ada@example.org is newly denied * on proj/*:env/production:flag/*;critical",
  "ada@example.org gains * on proj/checkout:env/staging:flag/*, proj/web:env/staging:flag/*",
  "grace@example.com is newly denied * on proj/*:env/production:flag/*;critical",
  "grace@example.com loses updateOffVariation on proj/checkout:env/production:flag/*",
  "ken@example.com (Ken Thompson) loses every role: auditor (the member is deleted)",
  "linus@example.com gains updateOn, updateFallthrough, updateTargets, updateRules on proj/checkout:env/production:flag/*",
  "linus@example.com is newly denied * on proj/*:env/production:flag/*;critical",
];
