import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { pickNamespaces } from '@/lib/i18n/load-messages.ts';
import { CustomerSettings } from './_components/customer-settings';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('customer.settings');
  return { title: t('title') };
}

export default async function SettingsPage() {
  const messages = await getMessages();
  return (
    <NextIntlClientProvider messages={pickNamespaces(messages, ['account', 'common', 'customer', 'privacy'])}>
      <CustomerSettings />
    </NextIntlClientProvider>
  );
}
