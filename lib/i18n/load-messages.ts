import type { Locale } from './config.ts';

export type Messages = Record<string, unknown>;

/** One file per surface in `messages/<locale>/`: each owns its own, nobody edits a shared one to add strings. */
export const NAMESPACES = ['account', 'admin', 'adminAgents', 'adminIntegrations', 'adminReports', 'agent', 'common', 'customer', 'privacy'] as const;

/**
 * Every `<namespace>.json` of `messages/<locale>/` becomes `messages[namespace]`. Imported, not read
 * from disk: in the app's build next-intl's loader compiles each message ahead of time (next.config.js,
 * `precompile`), so neither the server nor the browser parses ICU at run time; elsewhere (tests) the
 * files come as written.
 */
export const loadMessages = async (locale: Locale): Promise<Messages> => {
  const entries = await Promise.all(
    NAMESPACES.map(async (ns) => [ns, ((await import(`../../messages/${locale}/${ns}.json`)) as { default: unknown }).default] as const),
  );
  return Object.fromEntries(entries);
};

/** Only the namespaces a surface needs go to its client components. */
export const pickNamespaces = (messages: Messages, namespaces: readonly string[]): Messages =>
  Object.fromEntries(namespaces.filter((ns) => ns in messages).map((ns) => [ns, messages[ns]]));
