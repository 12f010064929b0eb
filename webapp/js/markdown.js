// A model's reply as Markdown: parsed by marked, sanitised by DOMPurify into a DOM fragment (no HTML string
// ever reaches the page), code highlighted by highlight.js once the reply is complete.
// HTML that a model writes is shown as text, as in the user's own messages: a chat shows what was said.
// (It would be sanitised anyway; escaping it also keeps the CSP from reporting blocked handlers in the console.)

import { DOMPurify, hljs, Marked } from './vendor.js';

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const marked = new Marked({
    gfm: true,
    breaks: true,
    renderer: {
        html: ({ text }) => text.replace(/[&<>"']/g, char => ESCAPES[char]),
    },
});

// Tags a reply has no business showing: forms and widgets could imitate the page; style would break the CSP.
const MARKDOWN_POLICY = {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option', 'dialog', 'template', 'slot'],
    FORBID_ATTR: ['style', 'id', 'name', 'target', 'srcset', 'formaction', 'tabindex', 'autofocus'],
    RETURN_DOM_FRAGMENT: true,
};

// highlight.js output is escaped already; this second pass keeps only its spans, whatever happens.
const HIGHLIGHT_POLICY = { ALLOWED_TAGS: ['span'], ALLOWED_ATTR: ['class'], RETURN_DOM_FRAGMENT: true };

const replies = DOMPurify(window);
replies.addHook('uponSanitizeAttribute', (node, attribute) => {
    // classes only as marked writes them on code blocks, so a reply cannot dress up as the page
    if (attribute.attrName === 'class' && !(node.nodeName === 'CODE' && /^language-[\w+#.-]+$/.test(attribute.attrValue))) {
        attribute.keepAttr = false;
    }
});
const highlighted = DOMPurify(window);

/** Markdown text → a sanitised fragment, ready to be put into the page. */
export function renderMarkdown(text) {
    const fragment = replies.sanitize(marked.parse(text), MARKDOWN_POLICY);
    for (const link of fragment.querySelectorAll('a[href]')) {
        link.target = '_blank';
        link.rel = 'noopener noreferrer nofollow';
    }
    for (const image of fragment.querySelectorAll('img')) {
        // only inline images: a remote one would leak the conversation to its host (and the CSP blocks it)
        const source = image.getAttribute('src') ?? '';
        if (!source.startsWith('data:image/')) {
            image.replaceWith(imageLink(source, image.getAttribute('alt')));
        }
    }
    return fragment;
}

function imageLink(source, alt) {
    const text = `🖼 ${alt || source}`;
    if (!/^https?:/i.test(source)) {
        return document.createTextNode(text);
    }
    const link = document.createElement('a');
    link.href = source;
    link.target = '_blank';
    link.rel = 'noopener noreferrer nofollow';
    link.textContent = text;
    return link;
}

/** Highlights every code block under root that is not highlighted yet. */
export function highlightCode(root) {
    if (!hljs) {
        return;
    }
    for (const code of root.querySelectorAll('pre > code:not(.hljs)')) {
        const language = languageOf(code);
        const source = code.textContent;
        const result = language && hljs.getLanguage(language)
            ? hljs.highlight(source, { language, ignoreIllegals: true })
            : hljs.highlightAuto(source);
        code.replaceChildren(highlighted.sanitize(result.value, HIGHLIGHT_POLICY));
        code.classList.add('hljs');
    }
}

/** The language a code block was fenced with (```js), if any. */
export function languageOf(code) {
    const match = /(?:^|\s)language-([\w+#.-]+)/.exec(code.className);
    return match ? match[1] : '';
}
