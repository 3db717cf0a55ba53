/** Waits until `condition` holds (checked every 5 ms, for 10 s at most), else fails naming `what`. */
export async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 2_000; i++) {
    if (await condition()) return;
    await new Promise((done) => setTimeout(done, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}
