/**
 * The paths users take, in WebKitGTK (Safari's engine) through WebKitWebDriver under Xvfb: a
 * persistent and an ephemeral (private) profile, both with a service worker. `npm test -- webkit`.
 */
import { WEBKIT_DRIVER_PORT } from '../ports';
import { engineSuite } from './suite';
import { launchWebKit } from './webkit-driver';

engineSuite([
  {
    title: 'WebKit, persistent profile',
    route: 'service-worker',
    launch: () =>
      launchWebKit({ persistent: true, driverPort: WEBKIT_DRIVER_PORT })
  },
  {
    title: 'WebKit, ephemeral profile',
    route: 'service-worker',
    launch: () =>
      launchWebKit({ persistent: false, driverPort: WEBKIT_DRIVER_PORT })
  }
]);
