import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPage } from '../../src/report/html/page.js';
import { FIXTURES, ROOT } from '../helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
// Flags that work in containers without a GPU or network; a fresh profile keeps runs independent.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('report.html in a browser', () => {
  it.skipIf(!hasChromium)(
    `renders the folder chart, the folder list and the history chart${hasChromium ? '' : ` (skipped: ${CHROMIUM} is not installed; apt-get install chromium)`}`,
    async () => {
      // The page the CLI writes for fixtures/report-html (its data is the golden file test/report/html.test.ts checks),
      // with three commits of history: rendered here, so that the browser is the only process this test starts.
      const golden = JSON.parse(readFileSync(path.join(FIXTURES, 'report-html/report-data.json.golden'), 'utf8'));
      const history = [25, 21, 21].map((references, i) => ({ commit: `${i}`.repeat(40), date: `2026-01-0${i + 1}T12:00:00Z`, subject: `step ${i}`, references }));
      const dir = mkdtempSync(path.join(tmpdir(), 'renamer-report-'));
      writeFileSync(path.join(dir, 'report.html'), renderPage({ ...golden, history }));

      const { chromium } = await import('playwright-core');
      const profile = mkdtempSync(path.join(tmpdir(), 'renamer-chromium-'));
      const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1000, height: 1000 } });
      try {
        const page = await context.newPage();
        await page.goto(`file://${path.join(dir, 'report.html')}`);
        const screenshot = await page.screenshot({ fullPage: false });
        expect(screenshot.subarray(1, 4).toString()).toBe('PNG');
        // UPDATE_SCREENSHOT=1 refreshes the README's picture.
        if (process.env.UPDATE_SCREENSHOT === '1') writeFileSync(path.join(ROOT, 'docs/report.png'), screenshot);

        const data = JSON.parse((await page.locator('#renamer-report-data').textContent()) ?? '');
        const folderChart = page.locator('#by-folder svg.chart');
        expect(await folderChart.locator('rect.bar').count()).toBeGreaterThan(1);
        const box = await folderChart.boundingBox();
        expect(box && box.width > 100 && box.height > 20).toBe(true);
        const top = page.locator('#folders > details > summary .folder-name').first();
        expect(await top.textContent()).toBe(`${data.folders[0].name}/`);
        expect(await top.isVisible()).toBe(true);
        expect(await page.locator('#history svg.chart circle').count()).toBe(3);
        expect(await page.locator('#history svg.chart path.line').getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+( L[\d.]+,[\d.]+){2}$/);
        // A bar leads to its folder in the list, opened.
        await folderChart.locator('a.bar-link').first().click();
        const target = decodeURIComponent(new URL(page.url()).hash.slice(1));
        expect(await page.locator(`details#${target}`).getAttribute('open')).toBe('');
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
        rmSync(dir, { recursive: true, force: true });
      }
    },
    90_000,
  );
});
