import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import { LOCALES } from './config.ts';
import { loadMessages, pickNamespaces, type Messages } from './load-messages.ts';

const leaves = (m: Messages, prefix = ''): [string, string][] =>
  Object.entries(m).flatMap(([k, v]) =>
    typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v as Messages, `${prefix}${k}.`),
  );

describe('messages', () => {
  it('every locale has the same namespaces and keys, so no screen falls back to a key name', async () => {
    const [en, ...others] = await Promise.all(LOCALES.map((l) => loadMessages(l)));
    const keys = (m: Messages) => leaves(m).map(([k]) => k).sort();
    expect(Object.keys(en!)).toEqual(expect.arrayContaining(['common', 'customer']));
    for (const other of others) expect(keys(other)).toEqual(keys(en!));
  });

  it.each(LOCALES)('every %s message is valid ICU and formats with sample values', async (locale) => {
    for (const [key, text] of leaves(await loadMessages(locale))) {
      const format = () => new IntlMessageFormat(text, locale).format({ count: 2, name: 'Wang Fang', left: 10, language: 'English', date: '24/11/2026', bound: 'Li Ming', level: 'Gentle', time: '10:30', mine: 'Europe/Paris', agent: 'Asia/Shanghai' });
      expect(format, key).not.toThrow();
    }
  });

  it('merges each JSON file of a locale folder under its file name', async () => {
    const messages = await loadMessages('en');
    expect(messages.customer).toMatchObject({ home: { bound: '{name} is now your exclusive agent.' } });
    expect(Object.keys(pickNamespaces(messages, ['common', 'nope']))).toEqual(['common']);
  });
});
