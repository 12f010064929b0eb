// The message box: Enter sends, Shift+Enter starts a new line, Enter that ends an IME composition (Chinese,
// Japanese input) only confirms the characters. While a message is being sent nothing more can be sent;
// once the reply streams, the box is free for the next draft and Stop replaces Send. Images are attached with
// the button, by dropping them anywhere on the chat, or by pasting; a message is sent once they are uploaded.

import { t } from '../i18n.js';
import { Attachments } from './attachments.js';

export class Composer {

    /**
     * onSend(text, images) is called with the trimmed text and the uploads attached; onStop() when Stop is
     * pressed. dropZone: where images can be dropped; upload(file, onProgress, signal) and removeUpload(id) are the API's.
     */
    constructor(form, { onSend, onStop, dropZone, upload, removeUpload }) {
        this.form = form;
        this.input = form.querySelector('textarea');
        this.send = form.querySelector('#send');
        this.stop = form.querySelector('#stop');
        this.attach = form.querySelector('#attach');
        this.state = 'idle'; // idle | sending | streaming
        this.sent = [];     // the uploads of the message being sent
        this.attachments = new Attachments(form.querySelector('#attachments'), form.querySelector('#attach-notice'),
            { upload, remove: removeUpload, onChange: () => this.update() });
        const picker = form.querySelector('#attach-file');
        this.attach.addEventListener('click', () => picker.click());
        picker.addEventListener('change', () => {
            this.attachments.add([...picker.files]);
            picker.value = '';
            this.focus();
        });
        this.input.addEventListener('paste', event => {
            const files = [...(event.clipboardData?.files ?? [])];
            if (files.length > 0) {
                this.attachments.add(files);
                if (!event.clipboardData.types.includes('text/plain')) {
                    event.preventDefault();
                }
            }
        });
        const carriesFiles = event => event.dataTransfer?.types.includes('Files');
        dropZone.addEventListener('dragover', event => {
            if (carriesFiles(event)) {
                event.preventDefault();
                dropZone.classList.add('dropping');
            }
        });
        dropZone.addEventListener('dragleave', event => {
            if (!dropZone.contains(event.relatedTarget)) {
                dropZone.classList.remove('dropping');
            }
        });
        dropZone.addEventListener('drop', event => {
            dropZone.classList.remove('dropping');
            if (carriesFiles(event)) {
                event.preventDefault();
                this.attachments.add([...event.dataTransfer.files]);
                this.focus();
            }
        });
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
        if (this.canSend()) {
            this.sent = this.attachments.uploads();
            onSend(this.input.value.trim(), this.sent);
        }
    }

    /** Text or images, every image uploaded, and nothing on its way already. */
    canSend() {
        return this.state === 'idle' && !this.attachments.uploading()
            && (this.input.value.trim() !== '' || !this.attachments.isEmpty());
    }

    /** The server's limits, as the attach button's tooltip explains them. */
    setLimits(limits) {
        this.attachments.setLimits(limits);
        this.attach.dataset.i18nParams = JSON.stringify(this.attachments.hintParams());
        this.attach.title = t('attach.hint', this.attachments.hintParams());
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
            this.attachments.clear(this.sent);
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
        this.send.disabled = !this.canSend();
        this.form.setAttribute('aria-busy', String(this.state !== 'idle'));
    }
}
