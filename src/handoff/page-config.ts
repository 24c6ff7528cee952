/**
 * The page's `jupyter-config-data` (filled by the config loader before our
 * package loads) and the `heavyai` section in it. No JupyterLab imports.
 */
import { readHeavyAIConfig, type IParsedConfig } from '../site-config';

export function pageConfigData(doc: Document): unknown {
  const element = doc.getElementById('jupyter-config-data');
  try {
    return element ? JSON.parse(element.textContent || '{}') : {};
  } catch {
    return {};
  }
}

/** The `heavyai` settings of this page, with warnings for bad entries. */
export function pageHeavyAIConfig(doc: Document): IParsedConfig {
  return readHeavyAIConfig(pageConfigData(doc));
}
