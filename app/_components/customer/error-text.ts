'use client';

import { useTranslations } from 'next-intl';
import type { StoreError } from '@/stores/customer/types.ts';

/** Every failure in words the customer understands, in their language; never the server's sentence. */
export function useErrorText() {
  const t = useTranslations('customer.errors');
  return (error: StoreError): string => (t.has(error.code) ? t(error.code) : t('internal'));
}
