import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import { pickNamespaces } from '@/lib/i18n/load-messages.ts';
import { CustomerApp } from './_components/customer/customer-app';

export default async function Home() {
  const messages = await getMessages();
  return (
    <NextIntlClientProvider messages={pickNamespaces(messages, ['common', 'customer'])}>
      <CustomerApp />
    </NextIntlClientProvider>
  );
}
