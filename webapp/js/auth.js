// Who the tab is signed in as. The token lives in sessionStorage: it is kept for this tab only, survives a
// reload, and is sent as "Authorization: Bearer". Two ways to get one (docs/web.md):
//  - the embedded default: a dev sign-in by user name (POST /api/v1/auth/dev-token);
//  - an external issuer: the host application opens the page as /#token=<JWT>; the page takes the token
//    from the fragment (which never reaches a server log) and removes it from the address bar.

const STORAGE_KEY = 'chatstream.token';

/** Moves a token handed over in the URL fragment (#token=…) into the tab's storage. */
export function takeHandoff() {
    const fragment = new URLSearchParams(location.hash.slice(1));
    const token = fragment.get('token');
    if (token === null) {
        return false;
    }
    sessionStorage.setItem(STORAGE_KEY, token);
    fragment.delete('token');
    const rest = fragment.toString();
    history.replaceState(null, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
    return true;
}

export function token() {
    return sessionStorage.getItem(STORAGE_KEY);
}

export function signOut() {
    sessionStorage.removeItem(STORAGE_KEY);
}

/** The token's claims, read for display only (the server verifies the signature). */
export function claims(jwt = token()) {
    try {
        const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
        const bytes = Uint8Array.from(atob(payload), char => char.charCodeAt(0));
        return JSON.parse(new TextDecoder().decode(bytes));
    } catch {
        return null;
    }
}

/** Whether the tab holds a token that is readable and not yet expired. */
export function hasUsableToken() {
    const read = claims();
    return read !== null && (typeof read.exp !== 'number' || read.exp * 1000 > Date.now());
}

export function userName() {
    const read = claims();
    return read?.upn ?? read?.preferred_username ?? read?.sub ?? '';
}

/** Whether this server signs dev tokens (the embedded default) or expects tokens from an external issuer. */
export async function devSignInAvailable() {
    const response = await fetch('api/v1/auth/dev-token', { headers: { Accept: 'application/json' } });
    return response.ok && (await response.json()).available === true;
}

/** Signs in as user with a dev token; rejects with the server's message when the name is refused. */
export async function devSignIn(user) {
    const response = await fetch('api/v1/auth/dev-token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
        throw new Error(body.error?.message ?? response.statusText);
    }
    sessionStorage.setItem(STORAGE_KEY, body.token);
}
