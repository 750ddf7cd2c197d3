'use client';

import en from '../../../messages/en/agent.json';

// Stand-in until the console joins next-intl (the customer app's set-up): same keys, same {placeholders}.
type Values = Record<string, string | number>;

const lookup = (key: string): string => {
  const v = key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), en);
  return typeof v === 'string' ? v : key;
};

export const useAgentT = () => (key: string, values?: Values) =>
  lookup(key).replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name] ?? `{${name}}`));

export type AgentT = ReturnType<typeof useAgentT>;
