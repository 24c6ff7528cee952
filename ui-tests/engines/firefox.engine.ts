/**
 * The paths users take, in Debian's Firefox ESR over WebDriver BiDi: a normal profile (service
 * worker in control) and a private-browsing one without service workers. `npm test -- firefox`.
 */
import { launchFirefox } from './firefox-driver';
import { engineSuite } from './suite';

engineSuite([
  {
    title: 'Firefox',
    route: 'service-worker',
    launch: servers => launchFirefox({ siteOrigin: servers.siteOrigin })
  },
  {
    title: 'Firefox, private browsing without service workers',
    route: 'kernel',
    launch: servers =>
      launchFirefox({ privateBrowsing: true, siteOrigin: servers.siteOrigin })
  }
]);
