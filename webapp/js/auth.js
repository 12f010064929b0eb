// Who the tab is signed in as, and the token sent as "Authorization: Bearer" (token() is the only source of it:
// the API calls, the streams and the stream tickets all ask here). GET /api/v1/auth/config says how this server
// signs users in (docs/web.md):
//  - "dev", the embedded default: a dev sign-in by user name (POST /api/v1/auth/dev-token);
//  - "oidc": OpenID Connect with the organisation's identity provider, authorization code + PKCE in the browser
//    (oidc-client-ts); the access token is renewed before it expires (with the refresh token);
//  - "external": the host application opens the page as /#token=<JWT>; the page takes the token from the
//    fragment (which never reaches a server log) and removes it from the address bar.
// Every token is kept in sessionStorage: for this tab only, surviving a reload.

import { loadOidcClient } from './vendor.js';

const STORAGE_KEY = 'chatstream.token';
const CALLBACK_PARAMETERS = ['code', 'state', 'session_state', 'iss', 'error', 'error_description', 'error_uri'];

let settings = { mode: 'dev' };
let manager = null;     // the oidc-client-ts UserManager, in mode "oidc"
let user = null;        // its signed-in user; replaced on every renewal (userLoaded)
let failure = null;     // why coming back from the identity provider did not sign the user in

/**
 * Reads how this server signs users in and, with OpenID Connect, finishes a sign-in or sign-out the identity
 * provider has just sent the browser back from. Call once, before anything asks for the token.
 */
export async function init() {
    try {
        const response = await fetch('api/v1/auth/config', { headers: { Accept: 'application/json' } });
        if (response.ok) {
            settings = await response.json();
        }
    } catch {
        // the server is not reachable: offer the dev sign-in form, the attempt will say what is wrong
    }
    if (settings.mode === 'oidc') {
        await initOidc(settings.oidc);
    }
}

/** "dev", "oidc" or "external". */
export function mode() {
    return settings.mode;
}

async function initOidc({ authority, client_id: clientId, scope }) {
    sessionStorage.removeItem(STORAGE_KEY); // only the identity provider's tokens count here
    const page = location.origin + location.pathname;
    try {
        const { UserManager, WebStorageStateStore } = await loadOidcClient();
        manager = new UserManager({
            authority,
            client_id: clientId,
            redirect_uri: page,
            post_logout_redirect_uri: page,
            response_type: 'code', // with PKCE, always
            scope,
            automaticSilentRenew: true, // signinSilent() before the access token expires, with the refresh token
            userStore: new WebStorageStateStore({ store: sessionStorage }),
        });
    } catch (problem) {
        failure = problem;
        return;
    }
    manager.events.addUserLoaded(loaded => { user = loaded; });
    manager.events.addUserUnloaded(() => { user = null; });

    const query = new URLSearchParams(location.search);
    if (query.has('state') || query.has('error')) {
        try {
            if (query.has('code') || query.has('error')) {
                user = await manager.signinRedirectCallback();
            } else {
                await manager.signoutRedirectCallback();
            }
        } catch (problem) {
            failure = problem;
        }
        for (const name of CALLBACK_PARAMETERS) {
            query.delete(name);
        }
        const rest = query.toString();
        history.replaceState(null, '', location.pathname + (rest ? `?${rest}` : '') + location.hash);
    }
    user ??= await manager.getUser();
    if (user?.expired && user.refresh_token) {
        try {
            user = await manager.signinSilent(); // the tab slept past the expiry: one renewal before giving up
        } catch {
            // the identity provider's session is over: the sign-in screen says so
        }
    }
}

/** Why the last sign-in at the identity provider failed (once), or null. */
export function takeFailure() {
    const taken = failure;
    failure = null;
    return taken;
}

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

/** The bearer token for the API, always the latest (an OpenID Connect renewal replaces it). */
export function token() {
    if (manager) {
        return user?.access_token ?? null;
    }
    return sessionStorage.getItem(STORAGE_KEY);
}

/** Forgets the tab's sign-in here (the API refused the token); the identity provider's session stays. */
export async function forget() {
    sessionStorage.removeItem(STORAGE_KEY);
    if (manager) {
        user = null;
        await manager.removeUser();
    }
}

/**
 * The user signs out. With OpenID Connect the browser goes to the identity provider, which ends its session
 * and sends it back to the page: resolves true when that navigation has begun.
 */
export async function signOut() {
    if (manager && user) {
        try {
            await manager.signoutRedirect(); // forgets the user here, sends id_token_hint
            return true;
        } catch {
            // the identity provider cannot be reached: at least this tab forgets the sign-in
        }
    }
    await forget();
    return false;
}

/** With OpenID Connect: goes to the identity provider's sign-in page, which sends the browser back here. */
export async function signInAtProvider() {
    if (!manager) {
        throw failure ?? new Error('OpenID Connect is not available');
    }
    await manager.signinRedirect();
}

/**
 * With OpenID Connect: a new access token now, the way the automatic renewal gets one before expiry (with the
 * refresh token); token() follows it through the userLoaded event, as it does for the automatic renewals.
 */
export async function renew() {
    await manager.signinSilent();
    return token();
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
    if (manager) {
        return user !== null && !user.expired;
    }
    const read = claims();
    return read !== null && (typeof read.exp !== 'number' || read.exp * 1000 > Date.now());
}

export function userName() {
    if (manager) {
        const profile = user?.profile ?? {};
        return profile.preferred_username ?? profile.name ?? profile.email ?? profile.sub ?? '';
    }
    const read = claims();
    return read?.upn ?? read?.preferred_username ?? read?.sub ?? '';
}

/** Signs in as user with a dev token; rejects with the server's message when the name is refused. */
export async function devSignIn(name) {
    const response = await fetch('api/v1/auth/dev-token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: name }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
        throw new Error(body.error?.message ?? response.statusText);
    }
    sessionStorage.setItem(STORAGE_KEY, body.token);
}
