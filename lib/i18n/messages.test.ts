import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import { LOCALES } from './config.ts';
import { loadMessages, NAMESPACES, pickNamespaces, type Messages } from './load-messages.ts';
import { DEMO_AGENTS } from '../demo/seed.ts';

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
      const format = () => new IntlMessageFormat(text, locale).format({ count: 2, name: 'Wang Fang', left: 10, language: 'English', date: '24/11/2026', bound: 'Li Ming', level: 'Gentle', points: 3, max: 20, score: 80, n: 4, stars: 5, time: '10:42', percent: 90, gift: 'Coffee', job: 'roster', status: 'partial', email: 'a@b.c', when: 'now', average: '4.5', mine: 'Europe/Paris', agent: 'Asia/Shanghai', url: 'https://crm.example.com/hooks', reason: 'must start with https://', at: '10:42', days: 366, total: 12, hour: 9, own: '80%', covered: '15%', open: '5%', h: 1, m: 5, title: 'Ratings', share: '15%' });
      expect(format, key).not.toThrow();
    }
  });

  it('merges each JSON file of a locale folder under its file name', async () => {
    // The list the loader imports is the folder's contents: a new file is never left out unnoticed.
    for (const locale of LOCALES) expect(readdirSync(path.join(process.cwd(), 'messages', locale)).map((f) => f.replace(/\.json$/, '')).sort()).toEqual([...NAMESPACES]);
    const messages = await loadMessages('en');
    expect(messages.customer).toMatchObject({ home: { bound: '{name} is now your exclusive agent.' } });
    expect(Object.keys(pickNamespaces(messages, ['common', 'nope']))).toEqual(['common']);
  });

  it('zh-CN reads as Chinese: no Latin-only agent name, no US date pattern, one form of address (您)', async () => {
    const zh = leaves(await loadMessages('zh-CN'));
    const latinNames = DEMO_AGENTS.map((a) => a.name);
    const usDate = /\b\d{1,2}\/\d{1,2}\/\d{2,4}\b|\b(AM|PM)\b/;
    for (const [key, text] of zh) {
      for (const n of latinNames) expect(text, `${key} names ${n} in Latin letters`).not.toContain(n);
      expect(text, `${key} has a US-style date`).not.toMatch(usDate);
      expect(text, `${key} says 你 (we address customers and agents as 您)`).not.toContain('你');
      // A name filled in is the Chinese one: formatted with a Chinese name, no Latin word is left over
      // except what the product really shows in Latin (Enter, Shift, IM names, e-mail, j/k keys, and
      // commands typed as they are, e.g. the /admin sign-in's `npm run admin -- create`; CSV and PDF, the file formats; the API's
      // address and header as the shop's developers type them).
      const out = String(new IntlMessageFormat(text, 'zh-CN').format({ count: 2, name: '李明', bound: '王芳', left: 10, language: '英语', date: '2026年11月24日', time: '10:42', level: '轻柔', points: 3, max: 20, score: 80, n: 4, stars: 5, percent: 90, gift: '咖啡', job: '花名册', status: '部分成功', email: 'a@b.c', when: '刚刚', average: '4.5', mine: '欧洲/巴黎', agent: '亚洲/上海', url: 'https://crm.example.com/hooks', reason: '必须以 https:// 开头', at: '10:42', days: 366, total: 12, hour: 9, own: '80%', covered: '15%', open: '5%', h: 1, m: 5, title: '评分分布', share: '15%' }));
      const latin = out.replace(/npm run [\w:-]+(?: -- [\w-]+)*|Enter|Shift|Webhook|CSV|PDF|API|CRM|Authorization: Bearer|\/api\/v\d|WeChat|QQ|Telegram|WhatsApp|IM|PWA|E-?mail|email|[jk]\b|https?:\S+|[a-z.]+@[a-z.]+/gi, '');
      expect(latin, `${key}: "${out}"`).not.toMatch(/[A-Za-z]{3,}/);
    }
  });

  it('every zh-CN demo agent has a Chinese name and a Chinese bio', () => {
    for (const a of DEMO_AGENTS) {
      expect(a.nameZh, a.handle).toMatch(/^[\u4e00-\u9fff]+$/);
      expect(a.bioZh, a.handle).toMatch(/[\u4e00-\u9fff]/);
      expect(a.bio, a.handle).toMatch(/[A-Za-z]/);
    }
  });
});
