// The open conversation: history (latest page first, earlier pages prepended as the user scrolls up), the
// assistant's greeting on an empty chat, and replies that stream in. A streaming reply re-renders only its own
// Markdown, at most once per animation frame. The view follows new text while the user is at the bottom and
// stops following as soon as they scroll up.

import { h } from '../dom.js';
import { setText, t } from '../i18n.js';
import { highlightCode, languageOf, renderMarkdown } from '../markdown.js';

const FOLLOW_DISTANCE = 48; // px from the bottom that still counts as "at the bottom"

export class Conversation {

    /** onNearTop() asks for earlier messages. */
    constructor({ scroller, list, sentinel, status, toLatest, onNearTop }) {
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
            return userMessage(message.content, message.id);
        }
        const reply = new Reply(this, message.id);
        reply.show(message);
        return reply.element;
    }

    /** The user's message, added at the bottom. */
    addUser(text) {
        const element = userMessage(text, null);
        this.list.append(element);
        this.scrollToBottom();
        return element;
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

function userMessage(text, id) {
    return h('article', { class: 'message user', 'data-id': id },
        h('div', { class: 'bubble' }, text));
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
        this.element = h('article', { class: 'message assistant', 'data-id': id }, this.reasoning, this.body, this.meta);
        this.element.reply = this;
    }

    setId(id) {
        this.element.dataset.id = id;
    }

    /** A stored reply from the history. */
    show(message) {
        this.text = message.content ?? '';
        if (message.reasoning) {
            this.reasoningText = message.reasoning;
            this.showReasoning();
        }
        this.renderNow(true);
        this.showMeta(message.model, message.usage, message.status === 'complete' ? message.finish_reason : message.status);
    }

    /** Streaming starts (again, for a resumed reply: from its first event). */
    begin() {
        this.text = '';
        this.reasoningText = '';
        this.reasoning.hidden = true;
        this.body.replaceChildren();
        this.meta.replaceChildren();
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
        this.showMeta(done.model, done.usage, done.finish_reason);
    }

    /** The reply failed: the text so far stays, with the error and a retry underneath. */
    fail(message, retry) {
        this.end();
        this.element.querySelector(':scope > .error')?.remove();
        this.meta.before(errorBox(message, retry));
        this.conversation.follow();
    }

    end() {
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

    showMeta(model, usage, outcome) {
        const parts = [];
        if (model) {
            parts.push(h('span', { class: 'model' }, model));
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
