/**
 * First run on a fresh machine: the desk opens on an empty loan book, asks for the administrator,
 * builds the demo book, and a demo officer signs in to a living desk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDesk, outputDir, signIn, type Desk } from './harness';
import { DEMO_PASSWORD } from '../../src/demo/book';

let desk: Desk;

beforeAll(async () => {
  desk = await openDesk({ users: false, lang: 'en' });
  await desk.page.goto(desk.host.url);
}, 180_000);

afterAll(async () => {
  await desk?.close();
});

describe('first run', () => {
  it('creates the administrator and the demo book, then a demo officer works in it', async () => {
    await desk.page.getByTestId('setup').waitFor();
    await desk.page.locator('#setup-username').fill('boss');
    await desk.page.locator('#setup-displayName').fill('Branch Admin');
    await desk.page.locator('#setup-password').fill('first2025admin');
    await desk.page.locator('#setup-confirm').fill('first2025admin');
    await desk.page.screenshot({ path: join(outputDir, 'first-run-en.png') });
    await desk.page.getByRole('button', { name: 'Create and continue' }).click();
    await desk.page.getByTestId('sign-in').waitFor({ timeout: 30_000 });
    expect(await desk.page.getByTestId('sign-in').textContent()).toContain('demo2025');
    await signIn(desk.page, 'officer', DEMO_PASSWORD);
    await desk.page.getByTestId('nav-customers').click();
    await expect.poll(() => desk.page.getByTestId('customer-row').count(), { timeout: 30_000 }).toBeGreaterThan(10);
    await desk.page.screenshot({ path: join(outputDir, 'demo-customers-en.png') });
    const admins = desk.book.db.prepare("SELECT username FROM users WHERE role_id = 'admin'").all();
    expect(admins).toEqual([{ username: 'boss' }]);
  }, 180_000);
});
