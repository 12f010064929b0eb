// The page's browser libraries, served from WebJars inside the WAR (versions: pom.xml, WebAssetsTest checks them).
// highlight.js ships only a classic build: index.html loads it with `defer`, before this module runs.
export { Marked } from '../webjars/marked/17.0.1/lib/marked.esm.js';
export { default as DOMPurify } from '../webjars/dompurify/3.3.3/dist/purify.es.mjs';

export const hljs = globalThis.hljs;
