/**
 * The engine suites' tests, declared once: each engine file names its profiles and how to launch
 * them, and gets the same tests (node:test) over the same servers.
 */
import { after, before, describe, test } from 'node:test';

import type { IEngineDriver } from './driver';
import {
  consoleIsClean,
  deepLinkToRowsAndError,
  fragmentQuestionIgnored,
  hostSdkHandoff,
  type SessionRoute
} from './scenarios';
import { startEngineServers, type IEngineServers } from './servers';

export interface IEngineProfile {
  title: string;
  /** How the site hands the session to notebook code in this profile. */
  route: SessionRoute;
  launch(servers: IEngineServers): Promise<IEngineDriver>;
}

export function engineSuite(profiles: IEngineProfile[]): void {
  let servers: IEngineServers;
  before(async () => {
    servers = await startEngineServers();
  });
  after(async () => servers?.close());

  for (const profile of profiles) {
    describe(profile.title, () => {
      let driver: IEngineDriver;
      before(async () => {
        driver = await profile.launch(servers);
      });
      after(async () => driver?.close());

      test('the host SDK hands the session into the embedded site, which shows rows', async () => {
        await hostSdkHandoff(driver, servers, profile.route);
        await consoleIsClean(driver, 'site');
      });
      test('a typed workspace deep link asks, then shows rows; a failing query shows its error', async () => {
        await deepLinkToRowsAndError(driver, servers);
        await consoleIsClean(driver);
      });
      test('a fragment link to another server asks; "Ignore the link" stores nothing', async () => {
        await fragmentQuestionIgnored(driver, servers);
        await consoleIsClean(driver);
      });
    });
  }
}
