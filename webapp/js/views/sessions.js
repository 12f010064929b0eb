// The current assistant's chats, newest first, loaded page by page as the list scrolls. Titles follow the
// `topic` event live; each chat can be renamed or deleted. A search box narrows the list to the chats whose
// topic or messages hold every word typed, paged the same way.

import { h } from '../dom.js';
import { icon } from '../icons.js';
import { setLabel, setText, t } from '../i18n.js';

export class SessionList {

    /**
     * load(cursor, search) fetches a page; onOpen(id), onRename(id, topic), onDelete(id, topic) act on one chat;
     * search is the search box with its clear button.
     */
    constructor(list, { status, sentinel, search, load, onOpen, onRename, onDelete, onError }) {
        this.list = list;
        this.query = '';
        this.status = status;
        this.load = load;
        this.onError = onError;
        this.actions = { onOpen, onRename, onDelete };
        this.cursor = null;
        this.hasMore = false;
        this.loading = null;
        this.generation = 0; // a reset makes pages still in flight for the previous list irrelevant
        this.current = null;
        new IntersectionObserver(entries => {
            if (entries.some(entry => entry.isIntersecting)) {
                this.more();
            }
        }, { root: list.closest('.sessions'), rootMargin: '0px 0px 200px 0px' }).observe(sentinel);
        this.sentinel = sentinel;
        this.wireSearch(search);
    }

    /** Typing searches once the user pauses; the clear button (or Esc in the box) shows every chat again. */
    wireSearch({ input, clear }) {
        let timer = 0;
        const apply = () => {
            clearTimeout(timer);
            clear.hidden = input.value === '';
            const query = input.value.trim();
            if (query !== this.query) {
                this.query = query;
                this.reset();
            }
        };
        input.addEventListener('input', () => {
            clear.hidden = input.value === '';
            clearTimeout(timer);
            timer = setTimeout(apply, 300);
        });
        input.addEventListener('keydown', event => {
            if (event.key === 'Enter') {
                event.preventDefault();
                apply();
            } else if (event.key === 'Escape' && input.value !== '') {
                event.stopPropagation();
                input.value = '';
                apply();
            }
        });
        clear.addEventListener('click', () => {
            input.value = '';
            apply();
            input.focus();
        });
    }

    /** Empties the list and loads its first page. */
    reset() {
        this.clear();
        this.hasMore = true;
        return this.more();
    }

    clear() {
        this.generation++;
        this.list.replaceChildren();
        this.cursor = null;
        this.hasMore = false;
        this.loading = null;
        this.current = null;
        this.showStatus();
    }

    async more() {
        if (this.loading || !this.hasMore) {
            return this.loading;
        }
        const generation = this.generation;
        setText(this.status, 'sessions.loading');
        this.loading = this.load(this.cursor, this.query).then(page => {
            if (generation !== this.generation) {
                return;
            }
            for (const session of page.data) {
                if (!this.item(session.id)) {
                    this.list.append(this.render(session));
                }
            }
            this.cursor = page.next_cursor;
            this.hasMore = page.has_more;
        }).catch(failure => {
            if (generation === this.generation) {
                this.hasMore = false;
                this.onError(failure);
            }
        }).finally(() => {
            if (generation === this.generation) {
                this.loading = null;
                this.showStatus();
                if (this.hasMore && this.sentinelVisible()) {
                    this.more(); // a tall screen shows the end of the list already
                }
            }
        });
        return this.loading;
    }

    sentinelVisible() {
        const box = this.list.closest('.sessions').getBoundingClientRect();
        const top = this.sentinel.getBoundingClientRect().top;
        return box.height > 0 && top < box.bottom + 200;
    }

    showStatus() {
        if (this.list.children.length === 0 && !this.hasMore) {
            setText(this.status, this.query ? 'search.none' : 'sessions.empty', this.query ? { query: this.query } : undefined);
        } else {
            delete this.status.dataset.i18n;
            this.status.textContent = '';
        }
    }

    /** Puts a chat at the top (a new one, or one that just got a reply). */
    toTop(session) {
        if (this.query && !this.item(session.id)) {
            return; // not among the chats found
        }
        const item = this.item(session.id) ?? this.render(session);
        this.list.prepend(item);
        this.showStatus();
    }

    setTopic(id, topic) {
        const item = this.item(id);
        if (item) {
            item.replaceWith(this.render({ id, topic }));
            this.select(this.current);
        }
    }

    remove(id) {
        this.item(id)?.remove();
        this.showStatus();
    }

    select(id) {
        this.current = id;
        for (const button of this.list.querySelectorAll('button.session')) {
            if (button.closest('li').dataset.session === id) {
                button.setAttribute('aria-current', 'true');
            } else {
                button.removeAttribute('aria-current');
            }
        }
    }

    item(id) {
        return Array.from(this.list.children).find(item => item.dataset.session === id);
    }

    topicOf(id) {
        return this.item(id)?.dataset.topic ?? '';
    }

    render(session) {
        const topic = session.topic ?? '';
        const title = h('span', { class: 'session-title' });
        if (topic) {
            title.textContent = topic;
        } else {
            setText(title, 'sessions.untitled');
        }
        const shown = topic || t('sessions.untitled');
        return h('li', { 'data-session': session.id, 'data-topic': topic },
            h('button', {
                type: 'button',
                class: 'session',
                'aria-current': session.id === this.current ? 'true' : null,
                onclick: () => this.actions.onOpen(session.id),
            }, title),
            setLabel(h('button', {
                type: 'button', class: 'icon small rename', onclick: () => this.actions.onRename(session.id, topic),
            }, icon('edit')), 'sessions.rename', { topic: shown }),
            setLabel(h('button', {
                type: 'button', class: 'icon small delete', onclick: () => this.actions.onDelete(session.id, shown),
            }, icon('trash')), 'sessions.delete', { topic: shown }));
    }
}
