// The open conversation: history (latest page first, earlier pages prepended as the user scrolls up), the
// assistant's greeting on an empty chat, and replies that stream in. A streaming reply re-renders only its own
// Markdown, at most once per animation frame. The view follows new text while the user is at the bottom and
// stops following as soon as they scroll up. A message with alternatives (a regenerated reply, an edited
// question) has a `< 2/3 >` switcher; the user's messages can be edited in place; replies can be rated, and
// the last one regenerated. While a reply streams, nothing that changes the branch shown can be pressed.

import { h } from '../dom.js';
import { icon } from '../icons.js';
import { setLabel, setText, t } from '../i18n.js';
import { highlightCode, languageOf, renderMarkdown } from '../markdown.js';

const FOLLOW_DISTANCE = 48; // px from the bottom that still counts as "at the bottom"
const IMAGE_BOX = { width: 224, height: 192 }; // px: a message's image is shown at most this large

export class Conversation {

    /**
     * onNearTop() asks for earlier messages; actions: onSwitch(messageId) shows a sibling's branch,
     * onEdit(element, text) sends an edited question, onRegenerate(replyId), onRate(replyId, 'up'|'down'|null)
     * (answers the feedback stored, or null). imageUrl(uploadId) resolves the URL an image can be shown from.
     */
    constructor({ scroller, list, sentinel, status, toLatest, onNearTop, actions, imageUrl }) {
        this.actions = actions;
        this.imageUrl = imageUrl;
        this.busy = false;
        this.scroller = scroller;
        this.list = list;
        this.status = status;
        this.toLatest = toLatest;
        this.following = true;
        scroller.addEventListener('scroll', () => {
            this.following = this.distanceFromBottom() < FOLLOW_DISTANCE;
            if (this.following) {
                this.toLatest.hidden = true;
            }
        }, { passive: true });
        toLatest.addEventListener('click', () => this.scrollToBottom());
        new IntersectionObserver(entries => {
            if (entries.some(entry => entry.isIntersecting) && this.list.children.length > 0) {
                onNearTop();
            }
        }, { root: scroller, rootMargin: '300px 0px 0px 0px' }).observe(sentinel);
    }

    clear() {
        this.list.replaceChildren();
        this.loadingOlder(false);
        this.following = true;
        this.toLatest.hidden = true;
    }

    showGreeting(text) {
        this.list.append(h('article', { class: 'message assistant greeting' },
            h('div', { class: 'content' }, h('p', {}, text))));
    }

    removeGreeting() {
        this.list.querySelector('.greeting')?.remove();
    }

    /** The latest page of a conversation; returns the views of its replies. */
    showLatest(messages) {
        this.list.replaceChildren(...messages.map(message => this.render(message)));
        this.scrollToBottom();
    }

    /** An earlier page, put above what is shown without moving what the user is looking at. */
    prependOlder(messages) {
        const fromBottom = this.scroller.scrollHeight - this.scroller.scrollTop;
        this.list.prepend(...messages.map(message => this.render(message)));
        this.scroller.scrollTop = this.scroller.scrollHeight - fromBottom;
    }

    loadingOlder(loading) {
        if (loading) {
            setText(this.status, 'messages.loadingOlder');
        } else {
            delete this.status.dataset.i18n;
            this.status.textContent = '';
        }
    }

    render(message) {
        if (message.role === 'user') {
            const element = this.userMessage(message.content, message.images);
            this.setUserId(element, message.id, message.branch);
            return element;
        }
        const reply = new Reply(this, message.id);
        reply.show(message);
        return reply.element;
    }

    /** The user's message, added at the bottom; its id (and edit button) come with the stream's start. */
    addUser(text, images) {
        const element = this.userMessage(text, images);
        this.list.append(element);
        this.scrollToBottom();
        return element;
    }

    /** A message's images above its text (a message may be images alone); each opens in full in a new tab. */
    userMessage(text, images = []) {
        const element = h('article', { class: 'message user' },
            images.length > 0 ? h('div', { class: 'images' }, ...images.map(image => this.image(image))) : null,
            h('div', { class: 'bubble', hidden: !text }, text), h('footer', { class: 'actions' }));
        element.text = text;
        element.images = images;
        return element;
    }

    image({ id, width, height }) {
        const scale = Math.min(1, IMAGE_BOX.width / width, IMAGE_BOX.height / height);
        const img = setLabel(h('img', { width: Math.round(width * scale), height: Math.round(height * scale) }), 'messages.image');
        img.alt = img.getAttribute('aria-label');
        const link = h('a', { target: '_blank', rel: 'noopener' }, img);
        this.imageUrl(id).then(url => {
            img.src = url;
            link.href = url;
        }, () => link.classList.add('missing'));
        return link;
    }

    /** The stored id of a user's message, and its alternatives if it has any (branch as in the history). */
    setUserId(element, id, branch) {
        element.dataset.id = id;
        element.branch = branch ?? null;
        element.querySelector(':scope > .actions').replaceChildren(...[
            this.switcher(branch),
            setLabel(this.idleButton({ class: 'icon small edit', onclick: () => this.startEditing(element) }, icon('edit')),
                'messages.edit'),
        ].filter(Boolean));
    }

    /** Opens the message's text in place, with Save and Cancel (Esc); Enter saves as in the composer. */
    startEditing(element) {
        if (element.querySelector('.editor')) {
            return;
        }
        const bubble = element.querySelector('.bubble');
        const input = setLabel(h('textarea', { class: 'editor-input', rows: 3 }), 'messages.editLabel');
        input.removeAttribute('title');
        input.value = element.text;
        const close = () => {
            editor.remove();
            bubble.hidden = false;
            element.classList.remove('editing');
            element.querySelector('.edit')?.focus();
        };
        const save = () => {
            const text = input.value.trim();
            if ((text || element.images.length > 0) && !this.busy) {
                editor.remove();
                this.actions.onEdit(element, text);
            }
        };
        input.addEventListener('keydown', event => {
            if (event.key === 'Escape') {
                event.stopPropagation();
                close();
            } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
                event.preventDefault();
                save();
            }
        });
        const editor = h('div', { class: 'editor' }, input, h('div', { class: 'editor-actions' },
            setText(h('button', { type: 'button', class: 'small cancel-edit', onclick: close }), 'dialog.cancel'),
            setText(this.idleButton({ class: 'small primary save-edit', onclick: save }), 'messages.editSave')));
        bubble.hidden = true;
        element.classList.add('editing');
        bubble.after(editor);
        input.focus();
        input.setSelectionRange(input.value.length, input.value.length);
    }

    /** `< 2/3 >` for a message with alternatives; null without. */
    switcher(branch) {
        if (!branch || branch.count < 2) {
            return null;
        }
        const previous = branch.siblings[branch.index - 2];
        const next = branch.siblings[branch.index];
        const step = (to, key) => setLabel(to
            ? this.idleButton({ class: `icon small ${key}`, onclick: () => this.actions.onSwitch(to) }, icon(key))
            : h('button', { type: 'button', class: `icon small ${key}`, disabled: true }, icon(key)), `branch.${key}`);
        const position = { index: branch.index, count: branch.count };
        return setLabel(h('span', { class: 'branch', role: 'group' },
            step(previous, 'previous'),
            setText(h('span', { class: 'branch-position', 'aria-hidden': 'true' }), 'branch.position', position),
            step(next, 'next')), 'branch.label', position);
    }

    /** A button that changes the branch shown: disabled while a reply streams. */
    idleButton(props, ...children) {
        const button = h('button', { type: 'button', ...props, disabled: this.busy }, ...children);
        button.classList.add('needs-idle');
        return button;
    }

    /** A reply streams (busy) or not: regenerate, edit and switch wait for it. */
    setBusy(busy) {
        this.busy = busy;
        for (const button of this.list.querySelectorAll('button.needs-idle')) {
            button.disabled = busy;
        }
    }

    /** Removes a message and everything after it (an edit replaces them). */
    removeFrom(element) {
        while (element.nextElementSibling) {
            element.nextElementSibling.remove();
        }
        element.remove();
    }

    /** Brings the message with this id into view, if shown. */
    reveal(id) {
        this.list.querySelector(`article[data-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'nearest' });
    }

    /** A reply about to stream in, added at the bottom. */
    addReply() {
        const reply = new Reply(this, null);
        reply.begin();
        this.list.append(reply.element);
        this.scrollToBottom();
        return reply;
    }

    /** The view of the reply with this id, if shown. */
    reply(id) {
        return this.list.querySelector(`article.assistant[data-id="${CSS.escape(id)}"]`)?.reply ?? null;
    }

    /** A failure that is not a reply's (the message never got through), with a retry. */
    showError(message, retry) {
        const element = errorBox(message, () => {
            element.remove();
            retry();
        });
        element.classList.add('standalone');
        this.list.append(element);
        this.follow();
    }

    clearErrors() {
        this.list.querySelectorAll('.error.standalone').forEach(element => element.remove());
    }

    /** Keeps the newest text in view, unless the user scrolled up to read. */
    follow() {
        if (this.following) {
            this.scroller.scrollTop = this.scroller.scrollHeight;
        } else {
            this.toLatest.hidden = false;
        }
    }

    scrollToBottom() {
        this.following = true;
        this.toLatest.hidden = true;
        this.scroller.scrollTop = this.scroller.scrollHeight;
    }

    /** Whether the top of the conversation is (almost) in sight. */
    nearTop() {
        return this.scroller.scrollTop < 300;
    }

    distanceFromBottom() {
        return this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight;
    }
}

function errorBox(message, retry) {
    return h('div', { class: 'error', role: 'alert' },
        h('span', { class: 'error-text' }, message),
        retry ? setText(h('button', { type: 'button', class: 'small retry', onclick: retry }), 'messages.retry') : null);
}

/** One assistant reply: its text (Markdown), reasoning, and a line with model, tokens and status. */
export class Reply {

    constructor(conversation, id) {
        this.conversation = conversation;
        this.text = '';
        this.reasoningText = '';
        this.frame = 0;
        this.body = h('div', { class: 'content markdown' });
        this.reasoning = h('details', { class: 'reasoning', hidden: true },
            setText(h('summary'), 'messages.thinking'), h('div', { class: 'reasoning-text' }));
        this.meta = h('footer', { class: 'meta' });
        this.tools = h('div', { class: 'actions' });
        this.branch = null;
        this.feedback = null;
        this.settled = false; // complete, stopped or failed: it can be rated and regenerated
        this.element = h('article', { class: 'message assistant', 'data-id': id },
            this.reasoning, this.body, this.meta, this.tools);
        this.element.reply = this;
    }

    get id() {
        return this.element.dataset.id ?? null;
    }

    setId(id, branch) {
        this.element.dataset.id = id;
        this.branch = branch ?? null;
        this.showTools();
    }

    /** The switcher while it streams; then thumbs up and down and, on the last reply, regenerate. */
    showTools() {
        const conversation = this.conversation;
        const tools = [conversation.switcher(this.branch)];
        if (this.settled && this.id) {
            const rating = this.feedback?.rating ?? null;
            const thumb = value => setLabel(h('button', {
                type: 'button', class: `icon small rate rate-${value}`, 'aria-pressed': String(rating === value),
                onclick: () => this.rate(rating === value ? null : value, value),
            }, icon(value)), `messages.rate.${value}`);
            tools.push(thumb('up'), thumb('down'), setLabel(conversation.idleButton({
                class: 'icon small regenerate', onclick: () => conversation.actions.onRegenerate(this.id),
            }, icon('regenerate')), 'messages.regenerate'));
        }
        this.tools.replaceChildren(...tools.filter(Boolean));
    }

    /** Rates the reply (null: takes the rating back); the button pressed keeps the focus. */
    async rate(rating, pressed) {
        const feedback = await this.conversation.actions.onRate(this.id, rating);
        if (feedback !== undefined) {
            this.feedback = feedback;
            this.showTools();
            this.tools.querySelector(`.rate-${pressed}`)?.focus();
        }
    }

    /** A stored reply from the history. */
    show(message) {
        this.branch = message.branch ?? null;
        this.feedback = message.feedback ?? null;
        this.settled = message.status !== 'streaming';
        this.showTools();
        this.text = message.content ?? '';
        if (message.reasoning) {
            this.reasoningText = message.reasoning;
            this.showReasoning();
        }
        this.renderNow(true);
        this.showMeta(message, message.status === 'complete' ? message.finish_reason : message.status);
    }

    /** Streaming starts (again, for a resumed reply: from its first event). */
    begin() {
        this.text = '';
        this.reasoningText = '';
        this.reasoning.hidden = true;
        this.body.replaceChildren();
        this.meta.replaceChildren();
        this.settled = false;
        this.showTools();
        this.element.querySelector(':scope > .error')?.remove();
        this.element.classList.add('streaming');
        this.element.setAttribute('aria-busy', 'true');
    }

    appendContent(piece) {
        this.text += piece;
        this.schedule();
    }

    appendReasoning(piece) {
        this.reasoningText += piece;
        this.showReasoning();
        this.conversation.follow();
    }

    showReasoning() {
        this.reasoning.hidden = false;
        this.reasoning.querySelector('.reasoning-text').textContent = this.reasoningText;
    }

    /** The reply is complete (or was stopped): the final render, code highlighted, model and tokens shown. */
    complete(done) {
        this.end();
        this.showMeta(done, done.finish_reason);
    }

    /** The reply failed: the text so far stays, with the error and a retry underneath. */
    fail(message, retry) {
        this.end();
        this.element.querySelector(':scope > .error')?.remove();
        this.meta.before(errorBox(message, retry));
        this.conversation.follow();
    }

    end() {
        this.settled = true;
        this.showTools();
        cancelAnimationFrame(this.frame);
        this.frame = 0;
        this.element.classList.remove('streaming');
        this.element.removeAttribute('aria-busy');
        this.renderNow(true);
    }

    schedule() {
        if (!this.frame) {
            this.frame = requestAnimationFrame(() => {
                this.frame = 0;
                this.renderNow(false);
            });
        }
    }

    renderNow(final) {
        this.body.replaceChildren(renderMarkdown(this.text));
        if (final) {
            highlightCode(this.body);
            addCopyButtons(this.body);
        }
        this.conversation.follow();
    }

    /** Who answered (the provider, unless it is the only one, "default"), the tokens, and how it ended. */
    showMeta({ model, provider, usage }, outcome) {
        const parts = [];
        if (model) {
            parts.push(h('span', { class: 'model' }, model));
        }
        if (provider && provider !== 'default') {
            parts.push(setLabel(h('span', { class: 'provider' }, provider), 'messages.provider', { provider }));
        }
        if (usage) {
            const numbers = { prompt: usage.prompt_tokens, completion: usage.completion_tokens, total: usage.total_tokens };
            const tokens = setText(h('span', { class: 'usage' }), 'messages.tokens', numbers);
            tokens.dataset.i18nTitle = 'messages.tokensTitle';
            tokens.title = t('messages.tokensTitle', numbers);
            parts.push(tokens);
        }
        const status = { cancelled: 'status.cancelled', incomplete: 'status.incomplete', failed: 'status.failed',
            interrupted: 'status.interrupted', streaming: 'status.streaming', length: 'status.length' }[outcome];
        if (status) {
            parts.push(setText(h('span', { class: `status status-${outcome}` }), status));
        }
        if (this.text) {
            parts.push(copyButton(() => this.text, 'messages.copyReply'));
        }
        this.meta.replaceChildren(...parts);
    }
}

function addCopyButtons(root) {
    for (const pre of root.querySelectorAll('pre')) {
        const code = pre.querySelector('code');
        const language = code ? languageOf(code) : '';
        pre.before(h('div', { class: 'code-head' },
            h('span', { class: 'code-language' }, language),
            copyButton(() => (code ?? pre).textContent, 'messages.copy')));
    }
}

function copyButton(text, labelKey) {
    const button = h('button', { type: 'button', class: 'small copy' });
    setText(button, labelKey);
    button.addEventListener('click', async () => {
        await copy(text());
        setText(button, 'messages.copied');
        setTimeout(() => setText(button, labelKey), 1500);
    });
    return button;
}

export async function copy(text) {
    try {
        await navigator.clipboard.writeText(text);
    } catch {
        // no clipboard permission (an insecure origin, a headless browser): the old way
        const area = h('textarea', { class: 'visually-hidden', readonly: true });
        area.value = text;
        document.body.append(area);
        area.select();
        document.execCommand('copy');
        area.remove();
    }
}
