import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { createAdminByCommand, expectAccessible, screenshot } from './helpers';

// Issue 29 on the admin page: an operator adds a webhook endpoint (the secret shown once), sends a test
// event to a receiver started here, reads the delivery log, and a refused address is explained in words.
// Both languages, at 1366×900 (desktop project) and 390×844 (phone project), each screen checked with axe.
const EMAIL = 'integrations-admin@demo.local';
const PASSWORD = 'e2e-admin-password';

test.beforeAll(() => createAdminByCommand(EMAIL, 'Ops Lead', PASSWORD));

const signIn = async (page: Page) => {
  await page.goto('/admin/integrations');
  await page.getByLabel('Email', { exact: true }).fill(EMAIL);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('webhooks')).toBeVisible();
};

test('an admin adds a webhook endpoint, sends a test event and reads the delivery log', async ({ page }, testInfo) => {
  const tag = testInfo.project.name === 'phone' ? '390' : '1366';
  await page.setViewportSize(testInfo.project.name === 'phone' ? { width: 390, height: 844 } : { width: 1366, height: 900 });
  const got: string[] = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push(JSON.parse(body).type);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/${tag}`;

  await signIn(page);
  // A clean slate for this project's endpoint (the e2e database is shared by the run).
  const form = page.getByTestId('webhook-form');
  await form.getByLabel('Address (https://…)').fill('ftp://crm.example.com/x');
  await form.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(form.getByRole('alert')).toContainText('This address cannot be used');
  await screenshot(page, testInfo, `integrations-refused-en-${tag}`);

  await form.getByLabel('Address (https://…)').fill(url);
  await form.getByLabel('All events').uncheck();
  await form.getByLabel('request.created').check();
  await form.getByLabel('Include customers’ contact details (phone, email, IM)').check();
  await form.getByRole('button', { name: 'Add endpoint' }).click();
  const secret = page.getByTestId('webhook-secret');
  await expect(secret).toContainText('shown only this once');
  await expect(secret.getByRole('textbox')).toHaveValue(/^whsec_/);
  const item = page.getByTestId('webhook').filter({ hasText: url });
  await expect(item).toContainText('request.created · with contact details');
  await screenshot(page, testInfo, `integrations-added-en-${tag}`);
  await expectAccessible(page, 'integrations: endpoint added, secret shown once');
  await secret.getByRole('button', { name: 'I have copied it' }).click();
  await expect(secret).toHaveCount(0);

  await item.getByTestId('webhook-test').click();
  await expect(item.getByRole('status')).toContainText('A test event is on its way');
  await expect.poll(() => got, { timeout: 15_000 }).toContain('webhook.test');
  await item.getByTestId('webhook-log-toggle').click();
  await expect(item.getByTestId('delivery').first()).toContainText('Delivered', { timeout: 10_000 });
  await expect(item.getByTestId('delivery').first()).toContainText('webhook.test');
  await screenshot(page, testInfo, `integrations-log-en-${tag}`);
  await expectAccessible(page, 'integrations: delivery log');

  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { name: '集成', level: 1 })).toBeVisible();
  await expect(item.getByTestId('delivery').first()).toContainText('已送达', { timeout: 10_000 });
  await screenshot(page, testInfo, `integrations-log-zh-${tag}`);
  await expectAccessible(page, 'integrations: delivery log (zh)');

  // Removed: asked first, then gone with its log.
  page.once('dialog', (d) => void d.accept());
  await item.getByRole('button', { name: '删除' }).click();
  await expect(item).toHaveCount(0);
  await new Promise((r) => receiver.close(r));
});
