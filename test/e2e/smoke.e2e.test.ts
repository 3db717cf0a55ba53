import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageErrors, type Session, startSession } from './harness';

let session: Session;
beforeAll(async () => {
  session = await startSession();
});
afterAll(async () => session?.close());

describe('the built page', () => {
  it('loads without errors', async () => {
    const page = await session.newPage();
    await page.getByRole('heading', { name: 'ChainScope' }).waitFor();
    await session.screenshot(page, 'smoke');
    expect(pageErrors(page)).toEqual([]);
  });
});
