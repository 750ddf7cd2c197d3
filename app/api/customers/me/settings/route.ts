import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getCustomerSettings, updateCustomerSettings } from '@/lib/customers/settings.ts';
import { readJson, requireCustomerId, route } from '@/lib/http/route.ts';

export const GET = route(async (req: NextRequest) => Response.json({ settings: await getCustomerSettings({ db: getDb(), customerId: requireCustomerId(req) }) }));

export const PUT = route(async (req: NextRequest) =>
  Response.json({ settings: await updateCustomerSettings({ db: getDb(), customerId: requireCustomerId(req), input: await readJson(req) }) }),
);
