// The demo "Immerse" page: embeds the site and hands it a session with the SDK.
// The site URL comes from ?site=… (default http://127.0.0.1:8000/).
import { buildHandoffUrl, connect } from './heavyai-embed.js';

const siteUrl = new URL(new URLSearchParams(location.search).get('site') || 'http://127.0.0.1:8000/');
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
    connection: { protocol: data.get('protocol'), host: data.get('host'), port: data.get('port') },
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
document.getElementById('new-tab').addEventListener('click', () => {
  try {
    window.open(buildHandoffUrl(labUrl, payloadFromForm()), '_blank', 'noopener');
  } catch (error) {
    show(`Cannot build the link: ${error.message}`, 'error');
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

window.heavyaiHost = { siteUrl: siteUrl.href, labUrl: labUrl.href, get site() { return site; }, payloadFromForm, sendSession };
