'use client';

import { useTranslations } from 'next-intl';

/** The console's strings (messages/<locale>/agent.json), through next-intl like the customer app. */
export const useAgentT = () => useTranslations('agent');

export type AgentT = ReturnType<typeof useAgentT>;
