import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locale } from './config.ts';

export type Messages = Record<string, unknown>;

/**
 * Every `<namespace>.json` in `messages/<locale>/` becomes `messages[namespace]`, so each surface
 * (common, customer, agent, …) owns its own file and nobody edits a shared one to add strings.
 */
export const loadMessages = async (locale: Locale): Promise<Messages> => {
  // Paths spelled out from `messages/` so the bundler traces only that folder.
  const files = (await readdir(path.join(process.cwd(), 'messages', locale))).filter((f) => f.endsWith('.json')).sort();
  const entries = await Promise.all(
    files.map(
      async (file) =>
        [path.basename(file, '.json'), JSON.parse(await readFile(path.join(process.cwd(), 'messages', locale, file), 'utf8'))] as const,
    ),
  );
  return Object.fromEntries(entries);
};

/** Only the namespaces a surface needs go to its client components. */
export const pickNamespaces = (messages: Messages, namespaces: readonly string[]): Messages =>
  Object.fromEntries(namespaces.filter((ns) => ns in messages).map((ns) => [ns, messages[ns]]));
