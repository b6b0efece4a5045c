// The node's HTTP API as docs/API.md specifies it. Paths are relative ("api/…") so the dashboard also
// works behind a reverse proxy that mounts the node under a prefix.

const TOKEN_KEY = "posecluster.token";

/** A request that got no usable answer: the path, the HTTP status (0 = no answer) and why. */
export class ApiError extends Error {
  constructor(path, status, message) {
    super(`${path}: ${status ? `HTTP ${status}` : "no answer"}${message ? ` (${message})` : ""}`);
    this.path = path;
    this.status = status;
  }
}

/**
 * GETs JSON. With optional, a 404 (the thing does not exist yet: no corpus, no prediction) gives null;
 * every other failure throws ApiError, which the caller shows instead of letting it reach the console.
 */
export async function getJson(path, { optional = false } = {}) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: "application/json" }, cache: "no-store" });
  } catch (e) {
    throw new ApiError(path, 0, e.message);
  }
  if (response.status === 404 && optional) return null;
  if (!response.ok) throw new ApiError(path, response.status, await errorText(response));
  try {
    return await response.json();
  } catch {
    throw new ApiError(path, response.status, "the answer is not JSON");
  }
}

/** POSTs with the bearer token kept in sessionStorage (when one was entered); returns the response. */
export async function post(path) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(path, { method: "POST", headers });
  } catch (e) {
    throw new ApiError(path, 0, e.message);
  }
}

/** The API token for writes, kept for this browser tab only. */
export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY) ?? "",
  set: (value) => (value ? sessionStorage.setItem(TOKEN_KEY, value) : sessionStorage.removeItem(TOKEN_KEY)),
};

/** The error text of a failed response: its JSON "error" field, else the first 200 characters of its body. */
export async function errorText(response) {
  const text = await response.text().catch(() => "");
  try {
    const body = JSON.parse(text);
    if (body && typeof body.error === "string") return body.error;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 200);
}

/** Encodes an id for a path segment. */
export const seg = (id) => encodeURIComponent(id);
