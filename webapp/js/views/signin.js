// The sign-in screen. In the embedded default it asks for a user name and gets a dev token; with an external
// issuer it explains that the host application must open the page with a token (docs/web.md).

import { devSignIn, devSignInAvailable } from '../auth.js';
import { setText, t } from '../i18n.js';

/** Shows the screen; resolves once the tab holds a token. reason: null, 'missing' or 'expired'. */
export async function signIn(reason) {
    const screen = document.getElementById('signin');
    const form = document.getElementById('signin-form');
    const notice = document.getElementById('signin-notice');
    const external = document.getElementById('signin-external');
    document.getElementById('app').hidden = true;
    screen.hidden = false;

    let devTokens = true;
    try {
        devTokens = await devSignInAvailable();
    } catch {
        // the server is not reachable: offer the form, the attempt will say what is wrong
    }
    form.hidden = !devTokens;
    external.hidden = devTokens;
    const shown = reason ?? (devTokens ? null : 'missing');
    notice.hidden = shown === null;
    if (shown !== null) {
        setText(notice, shown === 'expired' ? 'signin.expired' : 'signin.missing');
    }
    if (!devTokens) {
        return new Promise(() => { }); // only the host application can help: it reopens the page
    }
    const input = form.querySelector('input');
    input.focus();
    return new Promise(resolve => {
        const submit = async event => {
            event.preventDefault();
            form.querySelector('button').disabled = true;
            try {
                await devSignIn(input.value.trim());
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
