import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { pickNamespaces } from '@/lib/i18n/load-messages.ts';
import { ReportsConsole } from './_components/reports-console';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('adminReports');
  return { title: t('title'), robots: { index: false } };
}

export default async function AdminReportsPage() {
  const messages = await getMessages();
  return (
    <NextIntlClientProvider messages={pickNamespaces(messages, ['common', 'admin', 'adminReports'])}>
      <ReportsConsole />
    </NextIntlClientProvider>
  );
}
