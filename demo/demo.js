/* global Kith */
/**
 * The demo shop's own script. It runs before `kith.js` (module scripts and `defer` scripts run in
 * document order), so everything it asks of Kith goes through the README's stub queue and is replayed
 * when Kith arrives; later calls reach the real API, which updates every element live.
 *
 * Always call `window.Kith.…` at the moment of the call: Kith replaces the stub object when it loads.
 */

// The README's two-line stub (as Prettier wraps it): queues calls made before kith.js has run.
window.Kith = window.Kith || { q: [] };
for (const m of ['configure', 'identify', 'signOut'])
  Kith[m] = Kith[m] || ((...a) => Kith.q.push([m, a]));

const kith = () => window.Kith;

/** The reference server's API, on this page's origin (`npm start`). */
const API = new URL('/v1', location.href).href;

const STORAGE = {
  theme: 'northwind-demo:theme',
  member: 'northwind-demo:member',
  token: 'northwind-demo:token',
};

const storage = {
  get(key) {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    } catch {
      // Private mode or storage blocked: the demo still works, it just forgets on reload.
    }
  },
};

const $ = (selector) => document.querySelector(selector);

// ---- Theme -----------------------------------------------------------------------------------------

const themeToggle = $('#theme-toggle');
const systemDark = matchMedia('(prefers-color-scheme: dark)');

function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  themeToggle.setAttribute('aria-pressed', String(theme === 'dark'));
  kith().configure({ theme });
}

applyTheme(document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light');

themeToggle.addEventListener('click', () => {
  const theme = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  storage.set(STORAGE.theme, theme);
  applyTheme(theme);
});

systemDark.addEventListener('change', (event) => {
  if (!storage.get(STORAGE.theme)) applyTheme(event.matches ? 'dark' : 'light');
});

// ---- Member switcher -------------------------------------------------------------------------------
// The demo's stand-in for a shop's sign-in. A real shop's server signs the member token after its
// own sign-in; here the reference server's development-only endpoint (KITH_DEV=1) signs it.

const MEMBERS = {
  // Ada bought the pack: her review shows "Verified purchase" (from the token, never the browser).
  m_ada: { name: 'Ada Lovelace', roles: ['customer'], purchases: ['aurora-trail-28'] },
  m_ben: { name: 'Ben Okafor', roles: ['customer'] },
  m_sam: { name: 'Sam Rivera', roles: ['staff'] },
};

/** Re-sign this long before a token expires. */
const REFRESH_MARGIN_SECONDS = 300;

const switcher = $('#member-switcher');
let refreshTimer;

function claimsOf(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(
      new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0))),
    );
  } catch {
    return null;
  }
}

/** The stored token for `memberId`, if it is still good for a while. */
function storedToken(memberId) {
  const token = storage.get(STORAGE.token);
  const claims = token && claimsOf(token);
  const now = Date.now() / 1000;
  return claims && claims.sub === memberId && claims.exp - REFRESH_MARGIN_SECONDS > now
    ? token
    : null;
}

function useToken(token) {
  storage.set(STORAGE.token, token);
  kith().identify(token);
  clearTimeout(refreshTimer);
  const { sub, exp } = claimsOf(token);
  const delay = (exp - REFRESH_MARGIN_SECONDS) * 1000 - Date.now();
  refreshTimer = setTimeout(() => signIn(sub), Math.max(delay, 0));
}

async function signIn(memberId) {
  const member = MEMBERS[memberId];
  if (!member) return;
  let token;
  try {
    const res = await fetch(`${API}/dev/token?site=demo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        member: memberId,
        name: member.name,
        roles: member.roles,
        purchases: member.purchases,
      }),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    ({ token } = await res.json());
  } catch (error) {
    showNotice(
      `Signing in needs the development server: start the demo with "npm start". (${error.message})`,
    );
    return;
  }
  showNotice('');
  // The visitor may have picked someone else while we were signing.
  if (switcher.value === memberId) useToken(token);
}

function signOut() {
  clearTimeout(refreshTimer);
  storage.set(STORAGE.token, null);
  kith().signOut();
}

const savedMember = storage.get(STORAGE.member) ?? '';
switcher.value = MEMBERS[savedMember] ? savedMember : '';
if (switcher.value) {
  // A stored token is applied synchronously, so it is queued before kith.js replays the stub's calls
  // and the page renders signed in straight away. Signing a new one is async (WebCrypto): that call
  // may reach Kith after it started, which is fine, since identify() updates elements live.
  const token = storedToken(switcher.value);
  if (token) useToken(token);
  else signIn(switcher.value);
}

switcher.addEventListener('change', () => {
  storage.set(STORAGE.member, switcher.value || null);
  if (switcher.value) signIn(switcher.value);
  else signOut();
});

// A token can expire while the tab sleeps; Kith keeps the draft and retries after a new identify().
document.addEventListener('kith-auth-expired', () => {
  if (switcher.value) signIn(switcher.value);
});

function showNotice(text) {
  const notice = $('#demo-notice');
  notice.textContent = text;
  notice.hidden = !text;
}

// ---- Product page ----------------------------------------------------------------------------------
// Only on the product page (the staff page shares the header and the member switcher).
if (document.getElementById('gallery-stage')) productPage();

function productPage() {
  const stage = $('#gallery-stage');
  const colourName = $('#colour-name');
  const VIEW_NAMES = {
    front: 'front view',
    back: 'back panel',
    trail: 'on a mountain trail',
    colours: 'all four colours',
  };

  function describeStage() {
    const view = stage.dataset.view;
    stage.setAttribute(
      'aria-label',
      view === 'colours'
        ? 'Aurora Trail 28 L backpack in Glacier blue, Moss green, Ember orange and Graphite'
        : `Aurora Trail 28 L backpack in ${colourName.textContent}, ${VIEW_NAMES[view]}`,
    );
  }

  for (const thumb of document.querySelectorAll('.thumb')) {
    thumb.addEventListener('click', () => {
      for (const other of document.querySelectorAll('.thumb')) {
        other.setAttribute('aria-pressed', String(other === thumb));
      }
      stage.dataset.view = thumb.dataset.view;
      describeStage();
    });
  }

  for (const radio of document.querySelectorAll('input[name="colour"]')) {
    radio.addEventListener('change', () => {
      colourName.textContent = radio.value;
      describeStage();
    });
  }

  const cartCount = $('#cart-count');
  const cartStatus = $('#cart-status');

  $('#buy-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const quantity = Math.min(Math.max(Number(form.get('quantity')) || 1, 1), 9);
    cartCount.textContent = String(Number(cartCount.textContent) + quantity);
    cartStatus.textContent = `Added ${quantity} × Aurora Trail 28 L (${form.get('colour')}) to your cart. This is a demo: nothing will be ordered.`;
  });
}
