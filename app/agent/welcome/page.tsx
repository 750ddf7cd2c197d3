import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { pickNamespaces } from '@/lib/i18n/load-messages.ts';
import { WelcomeForm } from './welcome-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('adminAgents.welcome');
  // The address carries a one-time code: no search engine, and no Referer that could carry it away.
  return { title: t('title'), robots: { index: false }, referrer: 'no-referrer' };
}

/** Issue 28: an invited agent (or one whose password was reset) opens their link here and chooses a password. */
export default async function AgentWelcomePage() {
  const messages = await getMessages();
  return (
    <NextIntlClientProvider messages={pickNamespaces(messages, ['common', 'adminAgents'])}>
      <WelcomeForm />
    </NextIntlClientProvider>
  );
}
