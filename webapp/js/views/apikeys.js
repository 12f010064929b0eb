// The "API keys" panel: the user's personal API keys (docs/api.md), listed by name and prefix, created with an
// optional expiry — the new key is shown once, with a Copy button, and forgotten when the panel is left — and
// revoked after a confirmation. Keys are managed with the page's sign-in only; the server refuses a key here.

import { h } from '../dom.js';
import { icon } from '../icons.js';
import { currentLanguage, has, setLabel, setText, t } from '../i18n.js';
import { copy } from './conversation.js';
import { confirmDialog } from './dialog.js';

const el = id => document.getElementById(id);
const DAY = 24 * 60 * 60 * 1000;

export class ApiKeysPanel {

    constructor(api) {
        this.api = api;
        this.dialog = el('api-keys');
        this.list = el('api-key-list');
        this.status = el('api-keys-status');
        this.error = el('api-keys-error');
        this.keys = [];
        this.loaded = false;
        this.epoch = 0; // changes when the panel closes: late answers are dropped
        el('api-keys-close').addEventListener('click', () => this.close());
        this.dialog.addEventListener('close', () => { // also by Esc
            this.epoch++;
            this.forgetNewKey();
        });
        el('api-key-form').addEventListener('submit', event => {
            event.preventDefault();
            this.create();
        });
        el('api-key-copy').addEventListener('click', async () => {
            await copy(el('api-key-value').textContent);
            setText(el('api-key-copy'), 'apiKeys.copied');
            setTimeout(() => setText(el('api-key-copy'), 'apiKeys.copy'), 1500);
        });
        el('api-key-done').addEventListener('click', () => {
            this.forgetNewKey();
            el('api-key-name').focus();
        });
        document.addEventListener('languagechange', () => this.render());
    }

    async open() {
        this.showError(null);
        this.forgetNewKey();
        el('api-key-form').reset();
        this.keys = [];
        this.loaded = false;
        this.render();
        if (!this.dialog.open) {
            this.dialog.showModal();
        }
        el('api-key-name').focus();
        await this.load();
    }

    /** Closes the panel; the new key, if one is shown, is removed from the page. */
    close() {
        this.epoch++;
        if (this.dialog.open) {
            this.dialog.close();
        }
        this.forgetNewKey();
        this.keys = [];
        this.list.replaceChildren();
    }

    async load() {
        const epoch = this.epoch;
        try {
            const page = await this.api.apiKeys();
            if (epoch === this.epoch) {
                this.keys = page.data;
                this.loaded = true;
                this.render();
            }
        } catch (failure) {
            if (epoch === this.epoch) {
                this.showError(failure);
                this.status.textContent = '';
            }
        }
    }

    async create() {
        const name = el('api-key-name').value.trim();
        if (!name) {
            return;
        }
        const days = Number(el('api-key-expiry').value);
        const expiresAt = days ? new Date(Date.now() + days * DAY).toISOString() : null;
        const button = el('api-key-create');
        button.disabled = true;
        this.showError(null);
        const epoch = this.epoch;
        try {
            const created = await this.api.createApiKey(name, expiresAt);
            if (epoch !== this.epoch) {
                return;
            }
            el('api-key-value').textContent = created.key;
            el('api-key-new').hidden = false;
            el('api-key-form').reset();
            const { key, ...shown } = created; // the list never keeps the key itself
            this.keys = [shown, ...this.keys.filter(other => other.id !== created.id)];
            this.render();
            el('api-key-copy').focus();
        } catch (failure) {
            if (epoch === this.epoch) {
                this.showError(failure);
            }
        } finally {
            button.disabled = false;
        }
    }

    async revoke(key) {
        const confirmed = await confirmDialog(t('apiKeys.revokeTitle'), t('apiKeys.revokeText', { name: key.name }),
            t('apiKeys.revokeConfirm'));
        if (!confirmed) {
            return;
        }
        const epoch = this.epoch;
        try {
            await this.api.revokeApiKey(key.id);
        } catch (failure) {
            if (failure.status !== 404) { // already gone: the list below shows it so
                if (epoch === this.epoch) {
                    this.showError(failure);
                }
                return;
            }
        }
        if (epoch === this.epoch) {
            this.keys = this.keys.filter(other => other.id !== key.id);
            this.render();
        }
    }

    forgetNewKey() {
        el('api-key-value').textContent = '';
        el('api-key-new').hidden = true;
    }

    showError(failure) {
        if (!failure || failure.status === 401) { // a 401 signs out: the sign-in screen says why
            this.error.hidden = true;
            this.error.textContent = '';
            return;
        }
        this.error.textContent = has(`error.${failure.code}`) ? t(`error.${failure.code}`) : (failure.message || t('error.internal'));
        this.error.hidden = false;
    }

    render() {
        this.list.replaceChildren(...this.keys.map(key => this.item(key)));
        if (this.keys.length > 0) {
            delete this.status.dataset.i18n;
            this.status.textContent = '';
        } else {
            setText(this.status, this.loaded ? 'apiKeys.empty' : 'apiKeys.loading');
        }
    }

    item(key) {
        const expired = key.expires_at && new Date(key.expires_at) <= new Date();
        const facts = [
            t('apiKeys.created', { date: formatDate(key.created_at) }),
            key.last_used_at ? t('apiKeys.lastUsed', { date: formatDate(key.last_used_at) }) : t('apiKeys.neverUsed'),
            key.expires_at
                ? t(expired ? 'apiKeys.expired' : 'apiKeys.expires', { date: formatDate(key.expires_at) })
                : t('apiKeys.noExpiry'),
        ];
        return h('li', { 'data-key': key.id, class: expired ? 'expired' : null },
            h('div', { class: 'api-key-summary' },
                h('span', { class: 'api-key-name' }, key.name),
                h('code', { class: 'api-key-prefix' }, `${key.prefix}…`),
                key.admin ? h('span', { class: 'api-key-admin' }, t('apiKeys.admin')) : null),
            h('p', { class: 'api-key-facts' }, facts.join(' · ')),
            setLabel(h('button', { type: 'button', class: 'icon small revoke', onclick: () => this.revoke(key) }, icon('trash')),
                'apiKeys.revoke', { name: key.name }));
    }
}

function formatDate(iso) {
    return new Intl.DateTimeFormat(currentLanguage() === 'zh' ? 'zh-CN' : 'en', { dateStyle: 'medium', timeStyle: 'short' })
        .format(new Date(iso));
}
