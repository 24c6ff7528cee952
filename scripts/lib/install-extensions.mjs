// Install prebuilt (federated) extensions into a built site, the way
// `jupyter lite build` does: files under extensions/<name>/, an entry in
// jupyter-lite.json's federated_extensions, and their settings schemas in
// build/schemas/all_federated.json.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const readJson = file => JSON.parse(readFileSync(file, 'utf8'));

function schemaEntries(extensionDir, meta) {
  const schemaDir = path.join(extensionDir, 'schemas', meta.name);
  if (!existsSync(schemaDir)) {
    return [];
  }
  return readdirSync(schemaDir)
    .filter(file => file.endsWith('.json') && file !== 'package.json.orig')
    .sort()
    .map(file => ({
      id: `${meta.name}:${path.basename(file, '.json')}`,
      raw: '{}',
      schema: readJson(path.join(schemaDir, file)),
      settings: {},
      version: meta.version
    }));
}

/** Copy each `labextension/` folder into `<siteDir>/extensions/<name>/` and register it. */
export function installExtensions(siteDir, labextensionDirs) {
  const configFile = path.join(siteDir, 'jupyter-lite.json');
  const config = readJson(configFile);
  const data = (config['jupyter-config-data'] ??= {});
  const federated = new Map((data.federated_extensions ?? []).map(entry => [entry.name, entry]));
  const allFederatedFile = path.join(siteDir, 'build', 'schemas', 'all_federated.json');
  const schemas = existsSync(allFederatedFile) ? readJson(allFederatedFile) : [];

  for (const dir of labextensionDirs) {
    const meta = readJson(path.join(dir, 'package.json'));
    const target = path.join(siteDir, 'extensions', meta.name);
    rmSync(target, { recursive: true, force: true });
    cpSync(dir, target, { recursive: true });
    federated.set(meta.name, { name: meta.name, ...meta.jupyterlab._build });
    const fresh = schemaEntries(dir, meta);
    const ids = new Set(fresh.map(entry => entry.id));
    schemas.splice(0, schemas.length, ...schemas.filter(entry => !ids.has(entry.id)), ...fresh);
  }
  data.federated_extensions = [...federated.values()];
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  writeFileSync(allFederatedFile, JSON.stringify(schemas));
}
