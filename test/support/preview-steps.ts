/** Resource states as `pulumi preview --json` lists them in its steps, for tests that feed explain a preview. */
export const urn = (type: string, name: string) => `urn:pulumi:dev::proj::pulumi-nodejs:dynamic/launchdarkly:${type}::${name}`;

export const state = (type: string, name: string, fields: { id?: string; inputs?: object; outputs?: object }) => ({
  urn: urn(type, name),
  type: `pulumi-nodejs:dynamic/launchdarkly:${type}`,
  ...(fields.id ? { id: fields.id } : {}),
  inputs: { __provider: "exports.handler = …", ...(fields.inputs ?? {}) },
  outputs: fields.outputs ?? {},
  propertyDependencies: {},
});
