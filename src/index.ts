/**
 * The package's main module: the plugins (default export, as JupyterLab reads
 * a package without a separate extension entry) and the API for extensions
 * that offer their own session manager (see examples/custom-session-manager).
 * JupyterLab itself loads extension.ts, so the validation exports below load
 * only when another extension imports this package.
 */
export { default } from './extension';
export {
  IHeavyAISessionManager,
  IHeavyAISessionManagerRegistry,
  IHeavyAIConfig
} from './tokens';
export type { ISessionRecord } from './store/record';
export { recordFromPayload } from './store/record';
export { validateSessionPayload } from './wire/validate';
