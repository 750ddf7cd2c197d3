import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { pickNamespaces } from '@/lib/i18n/load-messages.ts';
import { AgentConsole } from './_components/agent-console';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('agent');
  return { title: t('title') };
}

export default async function AgentPage() {
  const messages = await getMessages();
  return (
    <NextIntlClientProvider messages={pickNamespaces(messages, ['common', 'agent'])}>
      <AgentConsole />
    </NextIntlClientProvider>
  );
}
