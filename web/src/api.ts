// The decision service API, called with the token kept in sessionStorage.

const TOKEN_KEY = "writ.token";

export function getToken(): string {
  return sessionStorage.getItem(TOKEN_KEY) ?? "";
}

export function setToken(t: string): void {
  if (t) sessionStorage.setItem(TOKEN_KEY, t);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** An error answered by the service: {"error": {"code", "message", "field"}}. */
export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public field: string,
  ) {
    super(message);
  }
}

export interface Whoami {
  id: string;
  role: string;
  agency: string;
}

async function fail(res: Response): Promise<never> {
  let code = `http_${res.status}`;
  let message = res.statusText || `HTTP ${res.status}`;
  let fieldName = "";
  try {
    const j = await res.json();
    if (j && j.error) {
      code = j.error.code ?? code;
      message = j.error.message ?? message;
      fieldName = j.error.field ?? "";
    }
  } catch {
    /* not JSON: keep the status text */
  }
  throw new ApiError(res.status, code, message, fieldName);
}

export async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const h: Record<string, string> = { ...headers };
  const token = getToken();
  if (token) h["Authorization"] = `Bearer ${token}`;
  if (body !== undefined) h["Content-Type"] = "application/json";
  const res = await fetch(path, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) return fail(res);
  return res;
}

export async function getJson<T = any>(path: string): Promise<T> {
  return (await call("GET", path)).json();
}

export async function postJson<T = any>(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  return (await call("POST", path, body, headers)).json();
}

export async function getText(path: string): Promise<string> {
  return (await call("GET", path)).text();
}
