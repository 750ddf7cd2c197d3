// The browser's one way to call our API: JSON in, JSON out, errors as readable messages.

export type ApiError = { code: string; message: string; field?: string };

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiError,
  ) {
    super(error.message);
  }
}

export const api = async <T,>(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> => {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiFailure(0, { code: 'network', message: 'No connection. Check your network and try again.' });
  }
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    throw new ApiFailure(res.status, data?.error ?? { code: 'internal', message: 'Something went wrong. Please try again.' });
  }
  return data as T;
};
