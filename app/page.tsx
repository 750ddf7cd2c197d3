import { cookies } from 'next/headers';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import { pickNamespaces } from '@/lib/i18n/load-messages.ts';
import { COOKIE } from '@/lib/auth/session.ts';
import { CustomerApp } from './_components/customer/customer-app';

export default async function Home() {
  const messages = await getMessages();
  // Without a customer cookie the server already knows the answer of /api/customers/me (nobody): the
  // first screen, the intro, is in the HTML at once instead of a loading view that waits for that call.
  const firstVisit = !(await cookies()).has(COOKIE.customer);
  return (
    <NextIntlClientProvider messages={pickNamespaces(messages, ['account', 'common', 'customer'])}>
      <CustomerApp firstVisit={firstVisit} />
    </NextIntlClientProvider>
  );
}
