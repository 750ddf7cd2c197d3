import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getEnv } from '@/lib/env.ts';
import { BarePage } from '@/scripts/bench/bare-page.tsx';

export const metadata: Metadata = { title: 'bare', robots: { index: false, follow: false } };

// Benchmark only (`npm run bench:web` starts its server with BENCH_PAGES=1): 404 everywhere else.
export default function Page() {
  if (getEnv().BENCH_PAGES !== '1') notFound();
  return <BarePage />;
}
