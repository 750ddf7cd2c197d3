import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { pickNamespaces } from '@/lib/i18n/load-messages.ts';
import { AppHeader } from '../_components/app-header';
import { SignInForm } from './_components/sign-in-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('account.signIn');
  return { title: t('title') };
}

/** A customer on a new device, without the shop's link: a one-time sign-in link by e-mail (issue 25). */
export default async function SignInPage() {
  const messages = await getMessages();
  return (
    <NextIntlClientProvider messages={pickNamespaces(messages, ['account', 'common'])}>
      <AppHeader />
      <main id="main" className="sign-in">
        <SignInForm />
      </main>
    </NextIntlClientProvider>
  );
}
