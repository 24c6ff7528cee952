/** The contract layer: pure functions shared by the site, the service worker and the host SDK. */
export * from './payload';
export * from './limits';
export * from './validate';
export * from './connection-fields';
export * from './origin';
export * from './config';
export * from './endpoint';
export * from './fragment';
export * from './route';
export * from './python-literal';
export * from './status';
export * from './base64url';
export * from './utf8';
