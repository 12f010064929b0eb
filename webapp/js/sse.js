// Server-Sent Events read from a fetch() body, parsed as the HTML standard says
// (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
// EventSource cannot POST or send an Authorization header, so the chat stream is read this way.

/** Turns pushed text into events {type, data, lastEventId}; lines may be split anywhere between pushes. */
export class SseParser {

    constructor(onEvent) {
        this.onEvent = onEvent;
        this.pending = '';       // text after the last complete line
        this.started = false;    // a leading byte order mark is dropped once
        this.data = '';
        this.type = '';
        this.lastEventId = '';
        this.retry = null;       // reconnection time the server asked for, in ms
    }

    push(text) {
        this.pending += text;
        if (!this.started && this.pending.length > 0) {
            this.started = true;
            if (this.pending.startsWith('\uFEFF')) {
                this.pending = this.pending.slice(1);
            }
        }
        const lineEnd = /\r\n|\r|\n/g;
        let consumed = 0;
        let match;
        while ((match = lineEnd.exec(this.pending)) !== null) {
            if (match[0] === '\r' && lineEnd.lastIndex === this.pending.length) {
                break; // a "\n" may follow in the next push: "\r\n" is one line end
            }
            this.line(this.pending.slice(consumed, match.index));
            consumed = lineEnd.lastIndex;
        }
        this.pending = this.pending.slice(consumed);
    }

    /** The stream ended: an event without its closing blank line is incomplete and dropped, as the spec says. */
    end() {
        if (this.pending.endsWith('\r')) {
            this.line(this.pending.slice(0, -1));
        }
        this.pending = '';
        this.data = '';
        this.type = '';
    }

    line(line) {
        if (line === '') {
            this.dispatch();
            return;
        }
        if (line.startsWith(':')) {
            return; // a comment, e.g. the server's ": ping" heartbeat
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) {
            value = value.slice(1);
        }
        switch (field) {
            case 'data':
                this.data += value + '\n';
                break;
            case 'event':
                this.type = value;
                break;
            case 'id':
                if (!value.includes('\0')) {
                    this.lastEventId = value;
                }
                break;
            case 'retry':
                if (/^\d+$/.test(value)) {
                    this.retry = Number(value);
                }
                break;
            default:
                break; // unknown fields are ignored
        }
    }

    dispatch() {
        if (this.data === '') {
            this.type = '';
            return;
        }
        const event = { type: this.type || 'message', data: this.data.slice(0, -1), lastEventId: this.lastEventId };
        this.data = '';
        this.type = '';
        this.onEvent(event);
    }
}

/**
 * Reads an event stream body to its end, handing each event to onEvent. Returns the id of the last event
 * (for Last-Event-ID). Aborting the fetch's signal rejects with an AbortError.
 */
export async function readEventStream(body, onEvent) {
    const parser = new SseParser(onEvent);
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
        const { value, done } = await reader.read();
        if (done) {
            break;
        }
        parser.push(value);
    }
    parser.end();
    return parser.lastEventId;
}
