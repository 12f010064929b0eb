// Building DOM nodes without HTML strings: text always goes in as text, never as markup.

/**
 * h('button', {class: 'small', type: 'button', onclick: fn, 'aria-label': 'Rename'}, 'text', childNode)
 * Properties starting with "on" become listeners; `class` and other keys become attributes; null/false skip.
 */
export function h(tag, props = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(props)) {
        if (value === null || value === undefined || value === false) {
            continue;
        }
        if (name.startsWith('on') && typeof value === 'function') {
            element.addEventListener(name.slice(2), value);
        } else {
            element.setAttribute(name, value === true ? '' : String(value));
        }
    }
    element.append(...children.filter(child => child !== null && child !== undefined && child !== false));
    return element;
}

/** A random id for `client_request_id`; crypto.randomUUID exists only on https and localhost. */
export function randomId() {
    if (crypto.randomUUID) {
        return crypto.randomUUID();
    }
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), byte => byte.toString(16).padStart(2, '0')).join('');
}
