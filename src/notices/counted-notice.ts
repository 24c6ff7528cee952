/**
 * One notification for a burst of like events, updated with a count, so a
 * page causing hundreds of them cannot cover the workspace with toasts.
 * Events of one burst are counted first and shown together (updating a toast
 * that is still being created loses it), once `ready` (JupyterLab's toasts
 * listen by then). Plain text: messages may quote another page.
 */
import { Notification } from '@jupyterlab/apputils';

/** How a counted notice looks and when it may first show. */
export interface ICountedNoticeOptions {
  /** The notice's kind. */
  type: 'error' | 'warning';
  /** Resolves once toasts can be shown (the app is restored). */
  ready: Promise<unknown>;
  /** The text for `count` events, `latest` being the text of the last one (one event: just it). */
  message: (count: number, latest: string) => string;
}

/** Returns the function to call for each event, with the event's own text. */
export function countedNotice({
  type,
  ready,
  message
}: ICountedNoticeOptions): (latest: string) => void {
  let id: string | undefined;
  let count = 0;
  let pending = 0;
  let latest = '';
  let scheduled = false;
  const show = () => {
    scheduled = false;
    const open =
      id !== undefined &&
      Notification.manager.notifications.some(n => n.id === id);
    count = open ? count + pending : pending;
    pending = 0;
    const text = count === 1 ? latest : message(count, latest);
    if (
      !open ||
      !Notification.update({ id: id!, message: text, type, autoClose: false })
    ) {
      id = Notification.emit(text, type, { autoClose: false });
    }
  };
  return text => {
    pending++;
    latest = text;
    if (!scheduled) {
      scheduled = true;
      void ready.then(() => setTimeout(show, 250));
    }
  };
}
