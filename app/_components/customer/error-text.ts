'use client';

import { useTranslations } from 'next-intl';
import type { StoreError } from '@/stores/customer/types.ts';

/**
 * Every failure in words the customer understands, in their language; never the server's sentence.
 * A code may have words for one field (`conflict_attachments`: a file, not the words, was refused).
 */
export function useErrorText() {
  const t = useTranslations('customer.errors');
  return (error: StoreError): string => {
    const specific = error.field ? `${error.code}_${error.field}` : null;
    if (specific && t.has(specific)) return t(specific);
    return t.has(error.code) ? t(error.code) : t('internal');
  };
}
