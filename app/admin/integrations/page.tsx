import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { pickNamespaces } from '@/lib/i18n/load-messages.ts';
import { IntegrationsConsole } from './_components/integrations-console';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('adminIntegrations');
  return { title: t('title'), robots: { index: false } };
}

export default async function AdminIntegrationsPage() {
  const messages = await getMessages();
  return (
    <NextIntlClientProvider messages={pickNamespaces(messages, ['common', 'admin', 'adminIntegrations'])}>
      <IntegrationsConsole />
    </NextIntlClientProvider>
  );
}
