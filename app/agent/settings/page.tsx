import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { pickNamespaces } from '@/lib/i18n/load-messages.ts';
import { AgentSettingsForm } from '../_components/agent-settings-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('agent.settings');
  return { title: t('title') };
}

export default async function AgentSettingsPage() {
  const messages = await getMessages();
  return (
    <NextIntlClientProvider messages={pickNamespaces(messages, ['common', 'agent'])}>
      <AgentSettingsForm />
    </NextIntlClientProvider>
  );
}
