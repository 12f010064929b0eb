// The sign-in screen. In the embedded default it asks for a user name and gets a dev token; with OpenID Connect
// it offers the organisation's sign-in page; with an external issuer alone it explains that the host
// application must open the page with a token (docs/web.md).

import * as auth from '../auth.js';
import { setText, t } from '../i18n.js';

/** Shows the screen; resolves once the tab holds a token. reason: null, 'missing' or 'expired'. */
export async function signIn(reason) {
    const screen = document.getElementById('signin');
    const form = document.getElementById('signin-form');
    const sso = document.getElementById('signin-sso');
    const notice = document.getElementById('signin-notice');
    const external = document.getElementById('signin-external');
    document.getElementById('app').hidden = true;
    screen.hidden = false;

    const mode = auth.mode();
    form.hidden = mode !== 'dev';
    sso.hidden = mode !== 'oidc';
    external.hidden = mode !== 'external';
    const failed = auth.takeFailure();
    const shown = reason ?? (mode === 'external' ? 'missing' : null);
    notice.hidden = shown === null && failed === null;
    if (failed !== null) {
        setText(notice, 'signin.failed', { message: failed.message || t('error.network') });
    } else if (shown !== null) {
        setText(notice, shown === 'expired' ? 'signin.expired' : 'signin.missing');
    }
    if (mode === 'external') {
        return new Promise(() => { }); // only the host application can help: it reopens the page
    }
    if (mode === 'oidc') {
        return signInAtProvider(sso.querySelector('button'), notice);
    }
    const input = form.querySelector('input');
    input.focus();
    return new Promise(resolve => {
        const submit = async event => {
            event.preventDefault();
            form.querySelector('button').disabled = true;
            try {
                await auth.devSignIn(input.value.trim());
                form.removeEventListener('submit', submit);
                screen.hidden = true;
                notice.hidden = true;
                resolve();
            } catch (failure) {
                notice.hidden = false;
                setText(notice, 'signin.failed', { message: failure.message || t('error.network') });
            } finally {
                form.querySelector('button').disabled = false;
            }
        };
        form.addEventListener('submit', submit);
    });
}

/** The button leaves for the identity provider, which brings the browser back to a freshly loaded page. */
function signInAtProvider(button, notice) {
    button.focus();
    button.onclick = async () => {
        button.disabled = true;
        try {
            await auth.signInAtProvider();
        } catch (failure) {
            notice.hidden = false;
            setText(notice, 'signin.providerUnreachable', { message: failure.message || t('error.network') });
            button.disabled = false;
        }
    };
    return new Promise(() => { });
}
