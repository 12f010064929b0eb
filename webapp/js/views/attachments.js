// The images attached to the draft. Each is uploaded as soon as it is picked, dropped or pasted, and shown as a
// thumbnail with its progress and a remove button. The server's limits (GET /chat/limits) are checked first and
// explained in the user's words; the server checks them all the same, and its refusals are explained too.

import { h } from '../dom.js';
import { has, setLabel, setText, t } from '../i18n.js';

const MB = 1024 * 1024;

export class Attachments {

    /**
     * list: the thumbnails' <ul>; notice: where a refused file is explained. upload(file, onProgress, signal) and
     * remove(id) are the API's; onChange() is told whenever what can be sent changes.
     */
    constructor(list, notice, { upload, remove, onChange }) {
        this.list = list;
        this.notice = notice;
        this.upload = upload;
        this.remove = remove;
        this.onChange = onChange;
        this.items = [];
        this.limits = { max_images: 4, max_image_bytes: 20 * MB, image_types: ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] };
    }

    setLimits(limits) {
        this.limits = limits;
    }

    /** The limits in words: for the attach button's title. */
    hintParams() {
        return { count: this.limits.max_images, size: Math.floor(this.limits.max_image_bytes / MB) };
    }

    /** Attaches what fits the limits, in order; says why for each file that does not. */
    add(files) {
        this.explain(null);
        for (const file of files) {
            const name = file.name || t('messages.image');
            if (this.items.length >= this.limits.max_images) {
                this.explain('attach.tooMany', { count: this.limits.max_images });
                break;
            }
            if (!this.limits.image_types.includes(file.type)) {
                this.explain('attach.notAnImage', { name });
            } else if (file.size > this.limits.max_image_bytes) {
                this.explain('attach.tooLarge', { name, size: this.hintParams().size });
            } else {
                this.start(file, name);
            }
        }
        this.onChange();
    }

    start(file, name) {
        const item = { file, id: null, upload: null, controller: new AbortController(), url: URL.createObjectURL(file) };
        const progress = setLabel(h('progress', { max: 1, value: 0 }), 'attach.uploading', { name });
        item.element = h('li', { class: 'attachment uploading' },
            h('img', { src: item.url, alt: name }),
            progress,
            setLabel(h('button', { type: 'button', class: 'icon small remove', onclick: () => this.discard(item) }, '×'),
                'attach.remove', { name }));
        this.items.push(item);
        this.list.append(item.element);
        this.list.hidden = false;
        this.upload(file, fraction => {
            progress.value = fraction;
        }, item.controller.signal).then(upload => {
            item.upload = upload;
            item.element.dataset.upload = upload.id;
            item.element.classList.remove('uploading');
            progress.remove();
            this.onChange();
        }, failure => {
            if (failure.name === 'AbortError') {
                return;
            }
            this.drop(item);
            const reason = failure.code === 'too_large' ? t('attach.tooLarge', { name, size: this.hintParams().size })
                : has(`error.${failure.code}`) ? t(`error.${failure.code}`) : failure.message;
            this.explain('attach.failed', { name, reason });
            this.onChange();
        });
    }

    /** Removed by the user: an upload still under way stops; one already stored is deleted. */
    discard(item) {
        item.controller.abort();
        if (item.upload) {
            this.remove(item.upload.id).catch(() => {}); // the server deletes what no message shows after a day anyway
        }
        this.drop(item);
        this.explain(null);
        this.onChange();
    }

    drop(item) {
        this.items = this.items.filter(each => each !== item);
        item.element.remove();
        URL.revokeObjectURL(item.url);
        this.list.hidden = this.items.length === 0;
    }

    /** The images uploaded, in the order attached: what a message sends and shows. */
    uploads() {
        return this.items.filter(item => item.upload).map(item => item.upload);
    }

    uploading() {
        return this.items.some(item => !item.upload);
    }

    isEmpty() {
        return this.items.length === 0;
    }

    /** The message was taken: the images it sent belong to it now (one attached meanwhile stays for the next). */
    clear(sent) {
        for (const item of this.items.filter(each => sent.includes(each.upload))) {
            this.drop(item);
        }
        this.explain(null);
        this.onChange();
    }

    explain(key, params) {
        if (key) {
            setText(this.notice, key, params);
        }
        this.notice.hidden = !key;
    }
}
