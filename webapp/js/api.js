// The chatstream REST API (docs/api.md, docs/protocol.md) as the page uses it: JSON in and out, the tab's
// bearer token on every call, failures as ApiError, streams read with the SSE reader.

import { readEventStream } from './sse.js';

/** A refused or failed call: HTTP status (0 when the server was not reached), the API's error code and text. */
export class ApiError extends Error {
    constructor(status, code, message, retryAfter = null) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }
}

export class Api {

    /** token() returns the current bearer token; onUnauthorized() is told about every 401. */
    constructor(token, onUnauthorized) {
        this.token = token;
        this.onUnauthorized = onUnauthorized;
        this.images = new Map(); // upload id → Promise of a blob URL
    }

    /** What one message may hold: {max_message_chars, max_images, max_image_bytes, image_types}. */
    limits() {
        return this.call('GET', 'chat/limits');
    }

    /**
     * Uploads an image file; onProgress(fraction sent). XMLHttpRequest, because fetch cannot tell how much of a
     * body has been sent. Resolves the upload ({id, media_type, bytes, width, height}); rejects with an ApiError,
     * or an AbortError once signal aborts.
     */
    upload(file, onProgress, signal) {
        return new Promise((resolve, reject) => {
            const request = new XMLHttpRequest();
            request.open('POST', 'api/v1/uploads');
            request.setRequestHeader('Authorization', `Bearer ${this.token()}`);
            request.responseType = 'json';
            request.upload.addEventListener('progress', event => {
                if (event.lengthComputable) {
                    onProgress(event.loaded / event.total);
                }
            });
            request.addEventListener('load', () => {
                if (request.status === 201) {
                    this.images.set(request.response.id, Promise.resolve(URL.createObjectURL(file)));
                    resolve(request.response);
                    return;
                }
                if (request.status === 401) {
                    this.onUnauthorized();
                }
                const error = request.response?.error ?? {};
                reject(new ApiError(request.status, error.code ?? `http_${request.status}`, error.message ?? request.statusText));
            });
            request.addEventListener('error', () => reject(new ApiError(0, 'network', 'The upload did not get through')));
            request.addEventListener('abort', () => reject(new DOMException('The upload was stopped', 'AbortError')));
            signal.addEventListener('abort', () => request.abort());
            const form = new FormData();
            form.append('file', file, file.name || 'image');
            request.send(form);
        });
    }

    deleteUpload(id) {
        return this.call('DELETE', `uploads/${encodeURIComponent(id)}`);
    }

    /**
     * An uploaded image as a blob URL, since an <img src> cannot send the token: fetched once per id (an id's
     * bytes never change), or the file itself for an image this tab uploaded.
     */
    image(id) {
        let url = this.images.get(id);
        if (!url) {
            url = this.fetch(`uploads/${encodeURIComponent(id)}`, { method: 'GET' })
                .then(response => response.blob())
                .then(blob => URL.createObjectURL(blob));
            url.catch(() => this.images.delete(id));
            this.images.set(id, url);
        }
        return url;
    }

    /** Signed out: the images shown are let go. */
    forgetImages() {
        for (const url of this.images.values()) {
            url.then(URL.revokeObjectURL, () => {});
        }
        this.images.clear();
    }

    assistants() {
        return this.call('GET', 'assistants');
    }

    /** A page of the assistant's chats; with search words, only the chats whose topic or messages hold them all. */
    sessions(assistant, cursor, search = '', limit = 30) {
        const query = new URLSearchParams({ assistant, limit });
        if (search) {
            query.set('q', search);
        }
        if (cursor) {
            query.set('cursor', cursor);
        }
        return this.call('GET', `sessions?${query}`);
    }

    session(id) {
        return this.call('GET', `sessions/${encodeURIComponent(id)}`);
    }

    renameSession(id, topic) {
        return this.call('PATCH', `sessions/${encodeURIComponent(id)}`, { topic });
    }

    deleteSession(id) {
        return this.call('DELETE', `sessions/${encodeURIComponent(id)}`);
    }

    messages(sessionId, before, limit = 20) {
        const query = new URLSearchParams({ limit });
        if (before) {
            query.set('before', before);
        }
        return this.call('GET', `sessions/${encodeURIComponent(sessionId)}/messages?${query}`);
    }

    /** Shows the branch through messageId; answers its latest page, as messages() does. */
    showBranch(sessionId, messageId, limit = 20) {
        return this.call('PUT', `sessions/${encodeURIComponent(sessionId)}/current?limit=${limit}`, { message_id: messageId });
    }

    rate(replyId, rating) {
        return this.call('PUT', `messages/${encodeURIComponent(replyId)}/feedback`, { rating });
    }

    unrate(replyId) {
        return this.call('DELETE', `messages/${encodeURIComponent(replyId)}/feedback`);
    }

    /** The chat as a file (format json: every branch; markdown: the branch shown): {blob, fileName}. */
    async export(sessionId, format) {
        const response = await this.fetch(`sessions/${encodeURIComponent(sessionId)}/export?format=${format}`, { method: 'GET' });
        const disposition = response.headers.get('Content-Disposition') ?? '';
        const fileName = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? `chatstream.${format === 'markdown' ? 'md' : 'json'}`;
        return { blob: await response.blob(), fileName };
    }

    /** A chat exported as JSON (the file's text), stored as a new chat of the caller's. */
    importSession(text) {
        return this.fetch('sessions/import', { method: 'POST', body: text }).then(response => response.json());
    }

    apiKeys() {
        return this.call('GET', 'api-keys');
    }

    /** Answers the key itself, this once. */
    createApiKey(name, expiresAt) {
        return this.call('POST', 'api-keys', expiresAt ? { name, expires_at: expiresAt } : { name });
    }

    revokeApiKey(id) {
        return this.call('DELETE', `api-keys/${encodeURIComponent(id)}`);
    }

    cancel(replyId) {
        return this.call('POST', `chat/streams/${encodeURIComponent(replyId)}/cancel`);
    }

    /** POST /chat/stream: resolves once the stream ended; returns the last event id. */
    stream(body, onEvent, signal) {
        return this.readStream('chat/stream', { method: 'POST', body: JSON.stringify(body) }, onEvent, signal);
    }

    /** GET /chat/streams/{replyId}: attaches to a running (or just finished) reply, after lastEventId if given. */
    attach(replyId, lastEventId, onEvent, signal) {
        const headers = lastEventId ? { 'Last-Event-ID': lastEventId } : {};
        return this.readStream(`chat/streams/${encodeURIComponent(replyId)}`, { method: 'GET', headers }, onEvent, signal);
    }

    async readStream(path, init, onEvent, signal) {
        const response = await this.fetch(path, { ...init, signal, headers: { ...init.headers, Accept: 'text/event-stream' } });
        return readEventStream(response.body, event => onEvent(JSON.parse(event.data), event.lastEventId));
    }

    async call(method, path, body) {
        const response = await this.fetch(path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
        return response.status === 204 ? null : response.json();
    }

    /** fetch() against /api/v1 with the token; any answer but 2xx becomes an ApiError. */
    async fetch(path, init) {
        const headers = { ...init.headers, Authorization: `Bearer ${this.token()}` };
        if (init.body !== undefined) {
            headers['Content-Type'] = 'application/json';
        }
        let response;
        try {
            response = await fetch(`api/v1/${path}`, { ...init, headers });
        } catch (failure) {
            if (failure.name === 'AbortError') {
                throw failure;
            }
            throw new ApiError(0, 'network', failure.message);
        }
        if (response.ok) {
            return response;
        }
        const error = await response.json().then(json => json.error ?? {}, () => ({}));
        const retryAfter = Number(response.headers.get('Retry-After')) || null;
        if (response.status === 401) {
            this.onUnauthorized();
        }
        throw new ApiError(response.status, error.code ?? `http_${response.status}`, error.message ?? response.statusText, retryAfter);
    }
}
