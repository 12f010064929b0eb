// The message box: Enter sends, Shift+Enter starts a new line, Enter that ends an IME composition (Chinese,
// Japanese input) only confirms the characters. While a message is being sent nothing more can be sent;
// once the reply streams, the box is free for the next draft and Stop replaces Send.

import { t } from '../i18n.js';

export class Composer {

    /** onSend(text) is called with the trimmed text; onStop() when Stop is pressed. */
    constructor(form, { onSend, onStop }) {
        this.form = form;
        this.input = form.querySelector('textarea');
        this.send = form.querySelector('#send');
        this.stop = form.querySelector('#stop');
        this.state = 'idle'; // idle | sending | streaming
        form.addEventListener('submit', event => {
            event.preventDefault();
            this.submit(onSend);
        });
        this.input.addEventListener('keydown', event => {
            if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) {
                return;
            }
            event.preventDefault();
            this.submit(onSend);
        });
        this.input.addEventListener('input', () => this.update());
        this.stop.addEventListener('click', () => onStop());
        this.update();
    }

    /** Sends what the box holds, as Enter would (the retry of a message that did not get through). */
    resend() {
        this.form.requestSubmit();
    }

    submit(onSend) {
        const text = this.input.value.trim();
        if (text && this.state === 'idle') {
            onSend(text);
        }
    }

    /** Sending: the draft stays in place, read-only, until the server took it. */
    sending() {
        this.state = 'sending';
        this.input.readOnly = true;
        this.update();
    }

    /** The server took the message: the box is emptied (clear) for the next one while the reply streams. */
    accepted(clear) {
        if (clear) {
            this.input.value = '';
        }
        this.input.readOnly = false;
        this.state = 'streaming';
        this.update();
    }

    /** The reply ended, or sending failed: the draft (if any is left) can be sent again. */
    idle() {
        this.state = 'idle';
        this.input.readOnly = false;
        this.update();
    }

    setAssistant(name) {
        this.input.dataset.i18nParams = JSON.stringify({ assistant: name });
        this.input.placeholder = t('composer.placeholder', { assistant: name });
    }

    focus() {
        this.input.focus({ preventScroll: true });
    }

    update() {
        const streaming = this.state === 'streaming';
        this.send.hidden = streaming;
        this.stop.hidden = !streaming;
        this.send.disabled = this.state !== 'idle' || this.input.value.trim() === '';
        this.form.setAttribute('aria-busy', String(this.state !== 'idle'));
    }
}
