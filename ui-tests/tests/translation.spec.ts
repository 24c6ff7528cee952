/**
 * Our text goes through JupyterLab's translator: a site whose interface language is set to
 * a test language pack (French, for our domain only; see global-setup.ts) shows the pack's
 * text in the palette, the tab and the SQL editor. English is what every other spec reads.
 */
import { test, expect, openLab, runCommand } from '../fixtures';
import { TRANSLATED_SITE_ORIGIN } from '../ports';

test.describe('translation', () => {
  test('the command palette and the SQL editor show the language pack’s text', async ({
    page
  }) => {
    await openLab(page, `${TRANSLATED_SITE_ORIGIN}/lab/index.html`);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(
      'fr-FR'
    );

    await expect(page.locator('.jp-Launcher')).toBeFocused();
    await page.keyboard.press('Control+Shift+C');
    const palette = page.locator('#modal-command-palette');
    await expect(palette).toBeVisible();
    await page.keyboard.type('HeavyAI');
    const item = (text: string) =>
      palette.locator('.lm-CommandPalette-item', { hasText: text });
    await expect(item('Nouvel éditeur SQL HeavyAI')).toBeVisible();
    await expect(
      item('Définir la connexion HeavyAI par défaut…')
    ).toBeVisible();
    // Not in the pack: shown as written, in English.
    await expect(item('New HeavyAI SQL Editor')).toHaveCount(0);
    await page.keyboard.press('Escape');

    await runCommand(page, 'heavyai:new-sql-editor');
    const editor = page.locator('.jp-HeavyAI-SqlEditor');
    await expect(
      page.locator('.lm-TabBar-tab', { hasText: 'Éditeur SQL HeavyAI 1' })
    ).toBeVisible();
    await expect(editor.locator('.jp-HeavyAI-run')).toHaveText('▶ Exécuter');
    await expect(editor.locator('.jp-HeavyAI-status')).toHaveText(
      'Prêt. Maj+Entrée exécute la requête.'
    );
    // A string the pack lacks falls back to English.
    await expect(editor.locator('.jp-HeavyAI-connect')).toHaveText('Connect…');

    // No session and no default connection: the status and the message are the pack's.
    await editor.locator('.jp-HeavyAI-run').click();
    await expect(editor.locator('.jp-HeavyAI-status')).toHaveText(
      'Non connecté.'
    );
    await expect(editor.locator('.jp-HeavyAI-message-error')).toHaveText(
      'Aucune session HeavyAI n’est arrivée et aucune connexion par défaut n’est définie.'
    );
    await page.screenshot({
      path: 'test-results/screenshots/translation-fr.png'
    });
  });
});
