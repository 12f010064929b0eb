// What the chat does, between the API and the views: pick an assistant, open, rename and delete its chats,
// send a message and stream the reply, stop it, resume it after a reload or a dropped connection; regenerate a
// reply, edit a question, switch between their versions, rate replies, export and import chats.

import { h, randomId } from './dom.js';
import { has, setText, t } from './i18n.js';
import { AssistantList, displayName } from './views/assistants.js';
import { Composer } from './views/composer.js';
import { Conversation } from './views/conversation.js';
import { confirmDialog, promptDialog } from './views/dialog.js';
import { SessionList } from './views/sessions.js';

const el = id => document.getElementById(id);

// sessionStorage, per user: the assistant shown and the chat open for each assistant, so a reload comes back
const OPEN_KEY = user => `chatstream.open.${user}`;

export class Chat {

    constructor(api, { closeMenu }) {
        this.api = api;
        this.closeMenu = closeMenu;
        this.user = '';
        this.assistants = new Map();
        this.assistant = null;
        this.sessionId = null;
        this.topic = '';
        this.older = null;          // next_before of the history shown; null once it is complete
        this.loadingOlder = false;
        this.generation = null;     // the reply this tab is reading, if any
        this.epoch = 0;             // changes with the conversation shown: late answers for an old one are dropped

        this.assistantList = new AssistantList(el('assistant-list'), name => this.selectAssistant(name));
        this.sessions = new SessionList(el('session-list'), {
            status: el('sessions-status'),
            sentinel: el('sessions-more'),
            search: { input: el('session-search'), clear: el('session-search-clear') },
            load: (cursor, search) => this.api.sessions(this.assistant, cursor, search),
            onOpen: id => {
                this.closeMenu();
                this.openSession(id);
            },
            onRename: (id, topic) => this.rename(id, topic),
            onDelete: (id, shown) => this.delete(id, shown),
            onError: failure => this.failed(failure),
        });
        this.conversation = new Conversation({
            scroller: el('messages'),
            list: el('message-list'),
            sentinel: el('history-more'),
            status: el('history-status'),
            toLatest: el('to-latest'),
            onNearTop: () => this.loadOlder(),
            actions: {
                onSwitch: id => this.switchTo(id),
                onEdit: (element, text) => this.edit(element, text),
                onRegenerate: id => this.regenerate(id),
                onRate: (id, rating) => this.rate(id, rating),
            },
            imageUrl: id => this.api.image(id),
        });
        this.composer = new Composer(el('composer'), {
            onSend: (text, images) => this.send(text, true, images),
            onStop: () => this.stopReply(),
            dropZone: el('chat'),
            upload: (file, onProgress, signal) => this.api.upload(file, onProgress, signal),
            removeUpload: id => this.api.deleteUpload(id),
        });
        el('new-chat').addEventListener('click', () => {
            this.closeMenu();
            this.newChat();
            this.composer.focus();
        });
        for (const format of ['markdown', 'json']) {
            el(`export-${format}`).addEventListener('click', () => this.export(format));
        }
        document.addEventListener('click', event => {
            if (!el('export').contains(event.target)) {
                el('export').open = false;
            }
        });
        el('export').addEventListener('keydown', event => {
            if (event.key === 'Escape' && el('export').open) {
                event.stopPropagation();
                el('export').open = false;
                el('export').querySelector('summary').focus();
            }
        });
        el('import-open').addEventListener('click', () => el('import-file').click());
        el('import-file').addEventListener('change', () => this.importFile(el('import-file')));
        document.addEventListener('languagechange', () => this.showHeader());
    }

    /** Signed in: load the assistants and come back to where this tab was. */
    async start(user) {
        this.user = user;
        let catalog;
        try {
            let limits;
            [catalog, limits] = await Promise.all([this.api.assistants(), this.api.limits()]);
            this.composer.setLimits(limits);
        } catch (failure) {
            this.failed(failure, () => this.start(user));
            return;
        }
        this.assistants = new Map(catalog.data.map(assistant => [assistant.name, assistant]));
        const remembered = this.remembered().assistant;
        const name = this.assistants.has(remembered) ? remembered : catalog.default_assistant;
        this.assistantList.show(catalog.data, name);
        await this.selectAssistant(name);
    }

    /** Signed out: stop reading, show nothing of the previous user. */
    stop() {
        this.detach();
        this.epoch++;
        this.assistant = null;
        this.sessionId = null;
        this.assistantList.show([], null);
        this.sessions.clear();
        this.conversation.clear();
        this.api.forgetImages();
    }

    /** Each assistant keeps its own chats: switching shows its list and the chat last open with it. */
    async selectAssistant(name) {
        const open = this.remembered().sessions[name];
        this.detach();
        this.assistant = name;
        this.assistantList.select(name);
        this.composer.setAssistant(displayName(this.assistants.get(name)));
        this.sessions.reset();
        if (open) {
            await this.openSession(open);
        } else {
            this.newChat();
        }
    }

    /** An empty conversation with the assistant's greeting; the chat is created by its first message. */
    newChat() {
        this.show(null, '');
        const greeting = this.assistants.get(this.assistant)?.greeting;
        if (greeting) {
            this.conversation.showGreeting(greeting);
        }
    }

    async openSession(id) {
        const epoch = this.show(id, this.sessions.topicOf(id));
        let session;
        let page;
        try {
            [session, page] = await Promise.all([this.api.session(id), this.api.messages(id)]);
        } catch (failure) {
            if (epoch === this.epoch) {
                if (failure.status === 404) {
                    this.forget(id);
                    this.newChat();
                } else {
                    this.failed(failure, () => this.openSession(id));
                }
            }
            return;
        }
        if (epoch !== this.epoch) {
            return;
        }
        this.topic = session.topic ?? '';
        this.showHeader();
        this.showPage(page);
    }

    /** The latest page of the branch shown (the history, or the answer to a switch); a reply still written goes on. */
    showPage(page) {
        if (page.data.length === 0) {
            const greeting = this.assistants.get(this.assistant)?.greeting;
            if (greeting) {
                this.conversation.showGreeting(greeting);
            }
        } else {
            this.conversation.showLatest(page.data);
        }
        this.older = page.has_more ? page.next_before : null;
        this.loadingOlder = false;
        const last = page.data.at(-1);
        if (last?.role === 'assistant' && last.status === 'streaming') {
            this.resume(last.id, page.data.at(-2));
        }
        this.moreIfAtTop();
    }

    /** Reads the branch shown again (after a regenerate or edit the server refused). */
    async reload() {
        const epoch = this.epoch;
        const page = await this.api.messages(this.sessionId);
        if (epoch === this.epoch) {
            this.showPage(page);
        }
    }

    /** Makes id (null: a new chat) the conversation shown; returns its epoch. */
    show(id, topic) {
        this.detach();
        this.sessionId = id;
        this.topic = topic;
        this.older = null;
        this.loadingOlder = false;
        this.remember();
        this.sessions.select(id);
        this.conversation.clear();
        this.showHeader();
        return ++this.epoch;
    }

    async loadOlder() {
        if (!this.older || this.loadingOlder) {
            return;
        }
        const epoch = this.epoch;
        this.loadingOlder = true;
        this.conversation.loadingOlder(true);
        try {
            const page = await this.api.messages(this.sessionId, this.older);
            if (epoch === this.epoch) {
                this.conversation.prependOlder(page.data);
                this.older = page.has_more ? page.next_before : null;
            }
        } catch (failure) {
            if (epoch === this.epoch) {
                this.failed(failure);
            }
        } finally {
            if (epoch === this.epoch) {
                this.loadingOlder = false;
                this.conversation.loadingOlder(false);
                this.moreIfAtTop();
            }
        }
    }

    /** Short messages may not fill the view: keep loading while its top is in sight. */
    moreIfAtTop() {
        if (this.older && this.conversation.nearTop()) {
            this.loadOlder();
        }
    }

    /**
     * Sends text (and images: uploads) and streams the reply. fromComposer: they are the composer's draft, which
     * stays there until the server has taken the message (a refusal keeps it for another try).
     */
    async send(text, fromComposer, images = []) {
        if (this.generation) {
            return;
        }
        this.conversation.clearErrors();
        this.conversation.removeGreeting();
        const question = this.conversation.addUser(text, images);
        const generation = this.begin(this.conversation.addReply(), null, { content: text, images }, fromComposer);
        generation.question = question;
        const body = { message: text, assistant: this.assistant, client_request_id: randomId() };
        if (images.length > 0) {
            body.images = images.map(image => image.id);
        }
        if (this.sessionId) {
            body.session_id = this.sessionId;
        }
        await this.run(generation, body, failure => {
            question.remove(); // refused: nothing was saved, the draft is still in the composer
            generation.reply.element.remove();
            this.failed(failure, fromComposer ? () => this.composer.resend() : () => this.send(text, false, images));
        });
    }

    /** A new version of a reply, in its place: the same question answered again; the old one stays a sibling. */
    async regenerate(replyId) {
        const old = this.conversation.reply(replyId);
        if (this.generation || !old) {
            return;
        }
        this.conversation.clearErrors();
        const reply = this.conversation.addReply();
        old.element.replaceWith(reply.element);
        const generation = this.begin(reply, null, null, false);
        generation.siblings = old.branch?.siblings ?? [replyId];
        await this.run(generation, { regenerate: replyId, client_request_id: randomId() }, failure => this.refused(failure));
    }

    /** An edited question: a sibling of the message, answered with only what came before it. */
    async edit(element, text) {
        const id = element.dataset.id;
        if (this.generation || !id) {
            return;
        }
        this.conversation.clearErrors();
        const siblings = element.branch?.siblings ?? [id];
        const images = element.images; // an edited question keeps its images
        this.conversation.removeFrom(element);
        const question = this.conversation.addUser(text, images);
        const generation = this.begin(this.conversation.addReply(), null, { content: text, images }, false);
        generation.question = question;
        generation.questionSiblings = siblings;
        const body = { edit: id, message: text, session_id: this.sessionId, client_request_id: randomId() };
        if (images.length > 0) {
            body.images = images.map(image => image.id);
        }
        await this.run(generation, body, failure => this.refused(failure));
    }

    /** A regenerate or edit the server refused (nothing was stored): the branch as it is, and why. */
    async refused(failure) {
        try {
            await this.reload();
        } finally {
            this.failed(failure);
        }
    }

    /** Streams the reply to a request; refused(failure) when the server took nothing. */
    async run(generation, body, refused) {
        try {
            await this.api.stream(body, (event, id) => this.onEvent(generation, event, id), generation.controller.signal);
            await this.reattach(generation);
        } catch (failure) {
            if (generation.detached) {
                return;
            }
            if (failure.name === 'AbortError') {
                generation.reply.complete({ finish_reason: 'cancelled' }); // stopped before the server answered
            } else if (generation.replyId === null) {
                this.end(generation);
                refused(failure);
            } else {
                await this.reattach(generation); // the connection broke during the reply
            }
        } finally {
            this.end(generation);
        }
    }

    /** Shows the branch through a sibling message (the `< 2/3 >` switcher), from the server's answer. */
    async switchTo(messageId) {
        if (this.generation || !this.sessionId) {
            return;
        }
        const epoch = this.epoch;
        let page;
        try {
            page = await this.api.showBranch(this.sessionId, messageId);
        } catch (failure) {
            if (epoch === this.epoch) {
                this.failed(failure);
            }
            return;
        }
        if (epoch === this.epoch && !this.generation) {
            this.showPage(page);
            this.conversation.reveal(messageId);
        }
    }

    /** Rates a reply (null: removes the rating); answers the feedback now stored, or undefined if it failed. */
    async rate(replyId, rating) {
        try {
            return rating ? await this.api.rate(replyId, rating) : (await this.api.unrate(replyId), null);
        } catch (failure) {
            this.failed(failure);
            return undefined;
        }
    }

    /** After a reload: the reply shown as being written (to question) is attached to and streams on from its start. */
    resume(replyId, question) {
        const reply = this.conversation.reply(replyId);
        if (!reply || this.generation) {
            return;
        }
        reply.begin();
        const generation = this.begin(reply, replyId, question, false);
        this.composer.accepted(false);
        this.reattach(generation).finally(() => this.end(generation));
    }

    /** question: {content, images} of the message answered, for a retry; null for a regenerate. */
    begin(reply, replyId, question, fromComposer) {
        const generation = {
            controller: new AbortController(), reply, replyId, asked: question, fromComposer,
            sessionId: this.sessionId, lastEventId: null, ended: false, detached: false,
        };
        this.generation = generation;
        this.composer.sending();
        this.conversation.setBusy(true);
        return generation;
    }

    end(generation) {
        if (this.generation === generation) {
            this.generation = null;
            this.composer.idle();
            this.conversation.setBusy(false);
        }
    }

    /** Stops reading the reply (another chat is opened); the server finishes and saves it all the same. */
    detach() {
        if (this.generation) {
            this.generation.detached = true;
            this.generation.controller.abort();
            this.end(this.generation);
        }
    }

    /** Reads the rest of a reply whose stream ended early, after the last event seen; three tries. */
    async reattach(generation) {
        for (let attempt = 0; attempt < 3 && !generation.ended && !generation.detached; attempt++) {
            if (attempt > 0) {
                await new Promise(resolve => setTimeout(resolve, 500 * attempt));
            }
            try {
                await this.api.attach(generation.replyId, generation.lastEventId,
                    (event, id) => this.onEvent(generation, event, id), generation.controller.signal);
            } catch (failure) {
                if (failure.name === 'AbortError' || failure.status === 401 || failure.status === 404) {
                    break;
                }
            }
        }
        if (!generation.ended && !generation.detached) {
            generation.ended = true;
            generation.reply.fail(t('error.interrupted'), this.retry(generation));
        }
    }

    onEvent(generation, event, id) {
        if (generation.detached) {
            return;
        }
        generation.lastEventId = id || generation.lastEventId;
        switch (event.type) {
            case 'start':
                generation.replyId = event.reply_id;
                generation.reply.setId(event.reply_id, generation.siblings && latest(generation.siblings, event.reply_id));
                if (generation.question) {
                    this.conversation.setUserId(generation.question, event.message_id,
                        generation.questionSiblings && latest(generation.questionSiblings, event.message_id));
                }
                if (generation.sessionId === null) {
                    generation.sessionId = event.session_id;
                    this.sessionId = event.session_id;
                    this.remember();
                    this.showHeader();
                    this.sessions.toTop({ id: event.session_id, topic: null });
                    this.sessions.select(event.session_id);
                }
                this.composer.accepted(generation.fromComposer);
                break;
            case 'reasoning':
                generation.reply.appendReasoning(event.content);
                break;
            case 'content':
                generation.reply.appendContent(event.content);
                break;
            case 'topic':
                this.sessions.setTopic(generation.sessionId, event.topic);
                this.topic = event.topic;
                this.showHeader();
                break;
            case 'done':
                generation.ended = true;
                generation.reply.complete(event);
                this.sessions.toTop({ id: generation.sessionId, topic: event.topic ?? this.topic });
                break;
            case 'error':
                generation.ended = true;
                generation.reply.fail(errorText(event), this.retry(generation));
                break;
            default:
                break; // a newer server may send more kinds of events
        }
    }

    /**
     * Sends the question of a failed reply again (it is stored, so it appears twice in the history); a failed
     * regenerate or edit is regenerated.
     */
    retry(generation) {
        if (generation.siblings || generation.questionSiblings) {
            return generation.replyId ? () => this.regenerate(generation.replyId) : null;
        }
        const asked = generation.asked;
        return asked?.content || asked?.images?.length ? () => this.send(asked.content, false, asked.images ?? []) : null;
    }

    /** Stop: the server cancels the reply and ends the stream with done/"cancelled"; before that, just hang up. */
    async stopReply() {
        const generation = this.generation;
        if (!generation) {
            return;
        }
        if (generation.replyId === null) {
            generation.controller.abort();
            return;
        }
        try {
            await this.api.cancel(generation.replyId);
        } catch (failure) {
            if (failure.status !== 401) {
                generation.controller.abort();
            }
        }
    }

    async rename(id, topic) {
        const next = await promptDialog(t('sessions.renameTitle'), topic);
        if (!next || next === topic) {
            return;
        }
        try {
            const session = await this.api.renameSession(id, next);
            this.sessions.setTopic(id, session.topic);
            if (id === this.sessionId) {
                this.topic = session.topic;
                this.showHeader();
            }
        } catch (failure) {
            this.failed(failure);
        }
    }

    async delete(id, shown) {
        if (!await confirmDialog(t('sessions.deleteTitle'), t('sessions.deleteText', { topic: shown }), t('sessions.deleteConfirm'))) {
            return;
        }
        try {
            await this.api.deleteSession(id);
        } catch (failure) {
            if (failure.status !== 404) {
                this.failed(failure);
                return;
            }
        }
        this.sessions.remove(id);
        this.forget(id);
        if (id === this.sessionId) {
            this.newChat();
        }
    }

    /** Downloads the open chat: Markdown (the branch shown) or JSON (every branch, for import). */
    async export(format) {
        el('export').open = false;
        if (!this.sessionId) {
            return;
        }
        try {
            const { blob, fileName } = await this.api.export(this.sessionId, format);
            const url = URL.createObjectURL(blob);
            const link = h('a', { href: url, download: fileName, hidden: true });
            document.body.append(link);
            link.click();
            link.remove();
            setTimeout(() => URL.revokeObjectURL(url), 60_000);
        } catch (failure) {
            this.failed(failure);
        }
    }

    /** A chat exported as JSON becomes a new chat of this user's, opened with its assistant. */
    async importFile(input) {
        const file = input.files[0];
        input.value = '';
        if (!file) {
            return;
        }
        this.closeMenu();
        let session;
        try {
            session = await this.api.importSession(await file.text());
        } catch (failure) {
            this.failed(failure);
            return;
        }
        if (session.assistant !== this.assistant && this.assistants.has(session.assistant)) {
            const saved = this.remembered();
            saved.sessions[session.assistant] = session.id;
            sessionStorage.setItem(OPEN_KEY(this.user), JSON.stringify(saved));
            this.assistantList.select(session.assistant);
            await this.selectAssistant(session.assistant);
        } else {
            this.sessions.toTop(session);
            await this.openSession(session.id);
        }
    }

    showHeader() {
        const assistant = this.assistants.get(this.assistant);
        const title = el('chat-topic');
        if (this.topic) {
            delete title.dataset.i18n;
            title.textContent = this.topic;
        } else {
            setText(title, 'sessions.untitled');
        }
        el('chat-assistant').textContent = assistant
            ? [displayName(assistant), assistant.description].filter(Boolean).join(' · ') : '';
        document.title = this.topic ? `${this.topic} – chatstream` : 'chatstream';
        el('export').hidden = !this.sessionId;
    }

    /** Shows a failure with an optional retry; a 401 needs nothing: the sign-in screen is up already. */
    failed(failure, retry) {
        if (failure.status !== 401) {
            this.conversation.showError(errorText(failure), retry);
        }
    }

    remembered() {
        try {
            const saved = JSON.parse(sessionStorage.getItem(OPEN_KEY(this.user)));
            return { assistant: saved?.assistant ?? null, sessions: saved?.sessions ?? {} };
        } catch {
            return { assistant: null, sessions: {} };
        }
    }

    remember() {
        const saved = this.remembered();
        saved.assistant = this.assistant;
        if (this.sessionId) {
            saved.sessions[this.assistant] = this.sessionId;
        } else {
            delete saved.sessions[this.assistant];
        }
        sessionStorage.setItem(OPEN_KEY(this.user), JSON.stringify(saved));
    }

    forget(id) {
        const saved = this.remembered();
        for (const [assistant, open] of Object.entries(saved.sessions)) {
            if (open === id) {
                delete saved.sessions[assistant];
            }
        }
        sessionStorage.setItem(OPEN_KEY(this.user), JSON.stringify(saved));
    }
}

/** The branch of a new version: after its siblings, the last of them, as the history would show it. */
function latest(siblings, id) {
    const all = [...siblings.filter(sibling => sibling !== id), id];
    return { index: all.length, count: all.length, siblings: all };
}

/** A failure in the user's language where the code is known, else as the server put it. */
function errorText({ code, message, error, retryAfter }) {
    const text = has(`error.${code}`) ? t(`error.${code}`) : (message || error || t('error.internal'));
    return retryAfter ? t('error.retryIn', { message: text, seconds: retryAfter }) : text;
}
