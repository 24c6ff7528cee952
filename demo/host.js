// The demo "Immerse" page: embeds the site and hands it a session with the SDK.
// The site URL comes from ?site=… (default http://127.0.0.1:8000/).
import { connect, createHandoffLink, openSite } from './heavyai-embed.js';

const siteUrl = new URL(
  new URLSearchParams(location.search).get('site') || 'http://127.0.0.1:8000/'
);
const labUrl = new URL('lab/index.html?heavyai&reset', siteUrl);
const frame = document.getElementById('site');
const form = document.getElementById('handoff');
const status = document.getElementById('status');

function show(text, kind = '') {
  status.textContent = text; // text, never HTML
  status.className = kind;
}

function payloadFromForm() {
  const data = new FormData(form);
  const query = String(data.get('query') || '').trim();
  return {
    session: String(data.get('session') || ''),
    connection: {
      protocol: data.get('protocol'),
      host: data.get('host'),
      port: data.get('port')
    },
    ...(query ? { query } : {})
  };
}

let site;
function attach() {
  site?.dispose();
  site = connect({ frame, origin: siteUrl.origin });
  site.ready.then(
    () => show(`The site at ${siteUrl.origin} is ready.`),
    error => show(`The site did not answer: ${error.message}`, 'error')
  );
}

async function sendSession() {
  show('Sending the session…');
  try {
    await site.ready;
    await site.sendSession(payloadFromForm());
    show('Session accepted by the site.', 'ok');
  } catch (error) {
    show(`Session rejected: ${error.message}`, 'error');
  }
}

form.addEventListener('submit', event => {
  event.preventDefault();
  void sendSession();
});
document.getElementById('logout').addEventListener('click', async () => {
  await site.logout();
  show('Logged out: the site forgot the session.');
});
// A new tab gets the session by message: no session in its URL, the history or the address bar.
document.getElementById('new-tab').addEventListener('click', async () => {
  show('Opening the site in a new tab…');
  try {
    const opened = await openSite(labUrl, payloadFromForm());
    opened.connection.dispose();
    show(
      opened.outcome.accepted
        ? 'Session accepted by the new tab.'
        : `Session rejected: ${opened.outcome.reason}`,
      opened.outcome.accepted ? 'ok' : 'error'
    );
  } catch (error) {
    show(`The new tab did not take the session: ${error.message}`, 'error');
  }
});
// The same through a plain link: its URL carries a one-time code that only this page can redeem.
document.getElementById('code-link').addEventListener('click', async event => {
  const anchor = event.currentTarget;
  try {
    const link = createHandoffLink(labUrl, payloadFromForm());
    anchor.href = link.url; // followed by the browser right after this handler, with rel="opener"
    const outcome = await link.outcome;
    show(
      outcome.accepted
        ? 'Session accepted by the linked tab.'
        : `Session rejected: ${outcome.reason}`,
      outcome.accepted ? 'ok' : 'error'
    );
  } catch (error) {
    event.preventDefault?.();
    show(`The link did not hand the session over: ${error.message}`, 'error');
  }
});
document.getElementById('reload-site').addEventListener('click', () => {
  frame.src = labUrl.href;
  attach();
});

frame.src = labUrl.href;
attach();
// Immerse hands the session over as soon as the site can take it (?auto=0 to wait for the button).
if (new URLSearchParams(location.search).get('auto') !== '0') {
  void sendSession();
}

window.heavyaiHost = {
  siteUrl: siteUrl.href,
  labUrl: labUrl.href,
  get site() {
    return site;
  },
  payloadFromForm,
  sendSession,
  openSite,
  createHandoffLink
};
