// The page's browser libraries: marked, DOMPurify and highlight.js from WebJars inside the WAR (versions: pom.xml,
// WebAssetsTest checks them), oidc-client-ts vendored (below).
// highlight.js ships only a classic build: index.html loads it with `defer`, before this module runs.
export { Marked } from '../webjars/marked/17.0.1/lib/marked.esm.js';
export { default as DOMPurify } from '../webjars/dompurify/3.3.3/dist/purify.es.mjs';

export const hljs = globalThis.hljs;

// oidc-client-ts has no WebJar: its browser build is vendored in vendor/ (see the README there). It is a
// classic script defining the global `oidc`, loaded only by a page configured for OpenID Connect.
const OIDC_CLIENT = new URL('../vendor/oidc-client-ts-3.5.0/oidc-client-ts.min.js', import.meta.url);

/** oidc-client-ts (UserManager, WebStorageStateStore, …), loaded on first use. */
export function loadOidcClient() {
    if (globalThis.oidc) {
        return Promise.resolve(globalThis.oidc);
    }
    return new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = OIDC_CLIENT.href;
        script.addEventListener('load', () => resolve(globalThis.oidc));
        script.addEventListener('error', () => reject(new Error(`${OIDC_CLIENT.pathname} did not load`)));
        document.head.append(script);
    });
}
