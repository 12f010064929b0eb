// The chat page's entry point: language, sign-in, the narrow-screen menu, then the chat itself.

import * as auth from './auth.js';
import { Api } from './api.js';
import { Chat } from './chat.js';
import { setLanguage, setText, translate } from './i18n.js';
import { ApiKeysPanel } from './views/apikeys.js';
import { signIn } from './views/signin.js';

const app = document.getElementById('app');

function wireLanguage() {
    for (const select of document.querySelectorAll('.language-select')) {
        select.addEventListener('change', () => setLanguage(select.value));
    }
}

/** Under ~720px the sidebar slides in over the chat, opened by the menu button and closed by Esc or the scrim. */
function wireMenu() {
    const menu = document.getElementById('menu');
    const toggle = open => {
        app.classList.toggle('sidebar-open', open);
        menu.setAttribute('aria-expanded', String(open));
        if (open) {
            document.querySelector('#sidebar button:not([hidden])')?.focus();
        }
    };
    menu.addEventListener('click', () => toggle(true));
    document.getElementById('sidebar-close').addEventListener('click', () => toggle(false));
    document.getElementById('scrim').addEventListener('click', () => toggle(false));
    document.addEventListener('keydown', event => {
        if (event.key === 'Escape' && app.classList.contains('sidebar-open')) {
            toggle(false);
            menu.focus();
        }
    });
    return () => toggle(false);
}

let signingIn = false;

/** Until the tab holds a valid token, the sign-in screen; then the chat. */
async function run(reason) {
    if (signingIn) {
        return;
    }
    signingIn = true;
    if (!auth.hasUsableToken()) {
        await signIn(reason ?? (auth.token() ? 'expired' : null));
    }
    signingIn = false;
    app.hidden = false;
    setText(document.getElementById('user-name'), 'signedInAs', { user: auth.userName() });
    await chat.start(auth.userName());
}

/**
 * Signed out by the user (with OpenID Connect the browser leaves for the identity provider, which brings it back
 * signed out), or the server refused the token (401): stop everything and ask again.
 */
async function signOut(reason) {
    chat.stop();
    apiKeys.close();
    if (reason === null && await auth.signOut()) {
        return;
    }
    if (reason !== null) {
        await auth.forget();
    }
    run(reason);
}

translate();
wireLanguage();
const api = new Api(auth.token, () => signOut('expired'));
const closeMenu = wireMenu();
const chat = new Chat(api, { closeMenu });
const apiKeys = new ApiKeysPanel(api);
document.getElementById('api-keys-open').addEventListener('click', () => {
    closeMenu();
    apiKeys.open();
});
document.getElementById('sign-out').addEventListener('click', () => signOut(null));
auth.takeHandoff();
await auth.init();
run(null);
