/**
 * What a `#heavyai=` link read at load holds: its payload, decoded and validated, and the record
 * it would be stored as, or why it is refused. The hand-off (plugins/handoff-wiring.ts) and the
 * deep link's prefetch (workspace/link-prefetch.ts) read links the same way. No JupyterLab imports.
 */
import type { ISiteConfig } from '../site-config';
import {
  recordFromPayload,
  type HandoffChannel,
  type ISessionRecord
} from '../store/record';
import { decodeFragmentValue } from '../wire/fragment';
import type { ISessionPayload, Validated } from '../wire/payload';
import { validateSessionPayload } from '../wire/validate';
import type { LoadFragment } from './fragment-input';

/**
 * The link's payload and its record, the sender being the page the browser says navigated here;
 * `pageHref` is this page's address, for a link that names no server (see `recordFromPayload`).
 */
export function readLinkRecord(
  fragment: LoadFragment,
  config: Pick<ISiteConfig, 'sessionManager' | 'connection'>,
  pageHref: string,
  now: number,
  via?: HandoffChannel
): Validated<{ payload: ISessionPayload; record: ISessionRecord }> {
  const decoded = decodeFragmentValue(fragment.encoded);
  if (decoded.error !== undefined) {
    return { ok: false, reason: decoded.error };
  }
  const checked = validateSessionPayload(decoded.payload);
  if (!checked.ok) {
    return checked;
  }
  const record = recordFromPayload(
    checked.value,
    fragment.arrival.referrer ?? '',
    now,
    config,
    pageHref,
    via
  );
  return record.ok
    ? { ok: true, value: { payload: checked.value, record: record.value } }
    : record;
}
