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

const serverUrl = () => {
  const data = new FormData(form);
  return `${data.get('protocol')}://${data.get('host')}:${data.get('port')}`;
};

/**
 * Log in at the server with the form's user and password: one Thrift `connect` call in
 * TJSONProtocol, as Immerse's own connector would make it. Resolves to the new session ID.
 */
async function login() {
  const data = new FormData(form);
  const str = value => ({ str: String(value || '') });
  const response = await fetch(`${serverUrl()}/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/vnd.apache.thrift.json' },
    body: JSON.stringify([
      1,
      'connect',
      1,
      0,
      { 1: str(data.get('user')), 2: str(data.get('password')), 3: str('') }
    ])
  });
  const reply = await response.json();
  const result = reply[4];
  if (!result?.[0]?.str) {
    throw new Error(result?.[1]?.rec?.[1]?.str || 'the login failed');
  }
  return result[0].str;
}

// The site asks for a new session when the server refused the one it has (?answer=0: never answer).
const answersRequests =
  new URLSearchParams(location.search).get('answer') !== '0';
let sessionRequests = 0;
async function onSessionRequest(reason) {
  sessionRequests++;
  show(`The site asks for a new session (${reason}); logging in again…`);
  form.elements.session.value = await login();
  show('Logged in again; the new session was sent to the site.', 'ok');
  return payloadFromForm();
}

let site;
function attach() {
  site?.dispose();
  site = connect({
    frame,
    origin: siteUrl.origin,
    ...(answersRequests ? { onSessionRequest } : {})
  });
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
    const opened = await openSite(labUrl, payloadFromForm(), {
      ...(answersRequests ? { onSessionRequest } : {})
    });
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
    const link = createHandoffLink(labUrl, payloadFromForm(), {
      ...(answersRequests ? { onSessionRequest } : {})
    });
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
// Ends the current session at the stand-in at once, as its idle timeout would.
document.getElementById('expire').addEventListener('click', async () => {
  try {
    const response = await fetch(`${serverUrl()}/standin/expire-sessions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sessions: [form.elements.session.value] })
    });
    const { expired } = await response.json();
    show(
      expired
        ? 'The session expired at the stand-in; the next query asks this page for a new one.'
        : 'The stand-in did not know the session.'
    );
  } catch (error) {
    show(`Could not reach the stand-in: ${error.message}`, 'error');
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
  login,
  get sessionRequests() {
    return sessionRequests;
  },
  openSite,
  createHandoffLink
};
