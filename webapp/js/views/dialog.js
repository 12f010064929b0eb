// One <dialog> for the page's questions: confirm a deletion, name a chat. Esc or Cancel answers null.

import { t } from '../i18n.js';

const dialog = () => document.getElementById('dialog');

document.getElementById('dialog-cancel').addEventListener('click', () => dialog().close('cancel'));

function open({ title, text = '', value = null, ok }) {
    const element = dialog();
    const input = element.querySelector('#dialog-input');
    element.querySelector('#dialog-title').textContent = title;
    element.querySelector('#dialog-text').textContent = text;
    element.querySelector('#dialog-text').hidden = !text;
    element.querySelector('#dialog-ok').textContent = ok;
    input.hidden = value === null;
    input.required = value !== null;
    input.value = value ?? '';
    element.returnValue = '';
    element.showModal();
    if (value !== null) {
        input.select();
    }
    return new Promise(resolve => {
        element.addEventListener('close', () => {
            const confirmed = element.returnValue === 'ok';
            resolve(confirmed ? (value === null ? true : input.value.trim()) : null);
        }, { once: true });
    });
}

/** Resolves true when the user confirms, null otherwise. */
export function confirmDialog(title, text, ok) {
    return open({ title, text, ok });
}

/** Resolves with the text entered, or null when cancelled. */
export function promptDialog(title, value) {
    return open({ title, value, ok: t('sessions.save') });
}
