import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";

/**
 * Screenshots for a person to look at, outside the repository: `$SHOTS_DIR/<SHOTS_TAG>-<name>.png` (default
 * /tmp/shots, tag "shot"), so a run on the old code (SHOTS_TAG=before) and one on the new (SHOTS_TAG=after) sit side
 * by side. Never asserted on.
 */
export async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.SHOTS_DIR ?? "/tmp/shots";
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${process.env.SHOTS_TAG ?? "shot"}-${name}.png`), fullPage: true });
}
