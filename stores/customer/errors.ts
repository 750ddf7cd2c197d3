import type { StoreError } from './types.ts';

/** Reads anything thrown by the API client into a code the UI translates (never a server sentence). */
export const toStoreError = (err: unknown): StoreError => {
  if (typeof err === 'object' && err !== null && 'status' in err && 'error' in err) {
    const { status, error } = err as { status: number; error?: { code?: unknown; field?: unknown } };
    return {
      status,
      code: typeof error?.code === 'string' ? error.code : status === 0 ? 'network' : 'internal',
      ...(typeof error?.field === 'string' ? { field: error.field } : {}),
    };
  }
  return { status: -1, code: 'internal' };
};

export const isNetworkError = (e: StoreError): boolean => e.status === 0;

/** Worth trying again later with the same request: no answer, an overloaded or failing server. */
export const isTransient = (e: StoreError): boolean => e.status === 0 || e.status === 408 || e.status === 429 || e.status >= 500;
