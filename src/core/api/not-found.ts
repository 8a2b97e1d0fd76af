import { LaunchDarklyApiError } from "../client/errors";

/** Reads where 404 means "does not exist": resolves undefined instead of throwing. */
export async function undefinedIfNotFound<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    // Only the API's own 404 (a JSON error body): a web page answering 404 to everything is a wrong apiHost,
    // and reading it as "deleted" would make a refresh drop every resource from the state.
    if (LaunchDarklyApiError.is(error) && error.status === 404 && error.failure === "response") return undefined;
    throw error;
  }
}

/** Deletes where 404 means "already gone": true when this call deleted it, false when it was gone. */
export async function deletedUnlessNotFound(remove: Promise<unknown>): Promise<boolean> {
  return (await undefinedIfNotFound(remove.then(() => true))) ?? false;
}
