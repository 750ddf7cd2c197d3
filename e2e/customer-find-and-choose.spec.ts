import { expect, test } from '@playwright/test';
import { fillContact, swipe, uniqueName } from './helpers.ts';

// The first-visit journey: intro → the best agent → skip by button and by swipe → choose by swipe →
// contact details, validated with messages that say what to do → "X is now your exclusive agent."
test('first visit: find, skip, swipe, choose, validated contact info, then my agent', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your own customer-service agent');
  await expect(page.getByText('Shake your phone or tap the button')).toBeVisible();

  await page.getByTestId('find').click();
  const card = page.getByTestId('agent-card');
  await expect(page.getByTestId('agent-name')).toContainText('Li Ming');
  await expect(card).toContainText('李明');
  await expect(card.getByTestId('agent-status')).toHaveText('Online');
  await expect(card).toContainText('Capability');
  await expect(card).toContainText('97');
  await expect(card).toContainText('Billing');
  await expect(card).toContainText('Chinese');
  // Rating and gifts as customers gave them (the demo seed has a history), and why this agent.
  await expect(card.getByTestId('agent-rating')).toContainText(/★ \d\.\d \(\d+ ratings\)/);
  await expect(card.getByTestId('agent-gifts')).toContainText(/\d+ \(\d+ points\)/);
  await expect(card.getByTestId('why-agent')).toContainText('Why this agent?');
  // A tap inside the swipeable card opens it, and is not taken for a swipe.
  await card.getByTestId('why-agent').locator('summary').click();
  await expect(card.getByTestId('why-agent')).toContainText('worked out every few minutes');
  await expect(page.getByTestId('agent-name')).toContainText('Li Ming');

  await page.getByTestId('skip').click();
  await expect(page.getByTestId('agent-name')).toContainText('Wang Fang');

  // Swipe left skips (Zhang Wei and Liu Yang tie at 91; either may come third).
  await swipe(page, page.getByTestId('swipe-card'), 'left');
  await expect(page.getByTestId('agent-name')).toContainText(/Zhang Wei|Liu Yang/);
  const third = (await page.getByTestId('agent-name').locator('span').first().innerText()).trim();

  // Swipe right chooses: with no contact details yet, the form comes first.
  await swipe(page, page.getByTestId('swipe-card'), 'right');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('How can your agent reach you?');
  await expect(page.getByText('You chose')).toBeVisible();

  const errors = page.getByTestId('contact-error');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(errors).toContainText('Tell us your name.');
  await expect(errors).toContainText('Give at least one way to reach you: phone, email or IM account.');
  await expect(page.getByLabel('Name')).toBeFocused();
  await expect(page.getByLabel('Phone')).toHaveAttribute('aria-invalid', 'true');

  await fillContact(page, { name: uniqueName(testInfo, 'Chen'), phone: 'call me', email: 'chen@', im: 'we chat!' });
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(errors).toContainText('Enter a phone number such as +86 138 0013 8000');
  await expect(errors).toContainText('Enter an email address such as li@example.com.');
  await expect(errors).toContainText('An IM account may use letters, digits and _ . @ : + - only.');
  await expect(page.getByLabel('Phone')).toBeFocused();
  // Each message also sits under its field, tied to it for screen readers.
  await expect(page.getByLabel('Email')).toHaveAccessibleDescription(/Enter an email address/);

  // Fixing a field clears its message as you type; one way to reach you is enough.
  await page.getByLabel('Phone').fill('');
  await page.getByLabel('IM account').fill('');
  await page.getByLabel('Email').fill('chen@example.com');
  await expect(errors).toBeHidden();
  await page.getByRole('button', { name: 'Save and continue' }).click();

  await expect(page.getByTestId('notice')).toHaveText(`${third} is now your exclusive agent.`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My agent');
  await expect(page.getByTestId('my-agent')).toContainText(third);
  await expect(page.getByTestId('requests-empty')).toHaveText('No requests yet. Write your first one above.');
});

test('a short swipe snaps back and decides nothing', async ({ page }) => {
  const decisions: string[] = [];
  page.on('request', (r) => /\/api\/matches\/[^/]+\/(skip|choose)$/.test(r.url()) && decisions.push(r.url()));
  await page.goto('/');
  await page.getByTestId('find').click();
  await expect(page.getByTestId('agent-name')).toContainText('Li Ming');

  await swipe(page, page.getByTestId('swipe-card'), 'left', 0.1);
  await expect(page.getByTestId('swipe-card')).not.toHaveClass(/dragging|leaving/);
  await expect(page.getByTestId('agent-name')).toContainText('Li Ming');
  expect(decisions).toEqual([]);
});

test('skip animates the card, and does not when reduced motion is asked for', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('find').click();
  const card = page.getByTestId('swipe-card');
  await expect(card).toBeVisible();
  const motion = () => card.evaluate((el) => ({ transition: getComputedStyle(el).transitionDuration, animation: getComputedStyle(el).animationName }));

  expect((await motion()).transition).toMatch(/0\.26s/);
  await page.getByTestId('skip').click();
  await expect(page.getByTestId('agent-name')).toContainText('Wang Fang');

  await page.emulateMedia({ reducedMotion: 'reduce' });
  expect(await motion()).toEqual({ transition: expect.stringMatching(/^0s(, 0s)*$/), animation: 'none' });
  await page.getByTestId('skip').click();
  await expect(page.getByTestId('agent-name')).toContainText(/Zhang Wei|Liu Yang/);
});

test('the whole choice works with the keyboard alone', async ({ page }, testInfo) => {
  await page.goto('/');
  // Skip link, language buttons, then the main action.
  const find = page.getByTestId('find');
  for (let i = 0; i < 6 && !(await find.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(find).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('agent-name')).toContainText('Li Ming');

  // Focus moves to the new screen's heading; the card deck takes arrow keys.
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await page.getByRole('group', { name: /Agent card/ }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('agent-name')).toContainText('Wang Fang');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('How can your agent reach you?');

  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Name')).toBeFocused();
  await page.keyboard.type(uniqueName(testInfo, 'Key'));
  await page.getByLabel('IM account').focus();
  await page.keyboard.type('keyboard_user');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('notice')).toHaveText('Wang Fang is now your exclusive agent.');
});
