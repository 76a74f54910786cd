// Renders media/icon.svg into media/icon.png (128x128, the Marketplace and extension-list icon) with the
// Chromium of the e2e setup. Run after editing the SVG: node scripts/render-icon.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = fs.readFileSync(path.join(root, 'media', 'icon.svg'), 'utf8');
const SIZE = 128;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${SIZE}px;height:${SIZE}px" `)}</body></html>`);
  await page.screenshot({ path: path.join(root, 'media', 'icon.png'), omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
  console.log('media/icon.png written');
} finally {
  await browser.close();
}
