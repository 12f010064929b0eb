// The official openai npm client against chatstream's OpenAI-compatible facade, run with `node --test` by
// OpenAiNodeClientIT, which prepares everything this file expects and checks the server's side afterwards.
//
// The hand-over, all through the environment:
//   CHATSTREAM_BASE_URL      the SDK's base URL, <server>/openai/v1
//   CHATSTREAM_API_KEY       a personal API key of a user with every place free
//   CHATSTREAM_BUSY_API_KEY  a key of another user, all of whose concurrent places the Java side holds
//   CHATSTREAM_MARKER        a prefix unique to the run; every message here is `${MARKER}-<case>`, and the Java
//                            side scripted the fake model's reply for each case (the texts below)
//   CHATSTREAM_CONTROL_URL   the Java side's loopback HTTP: POST <url>/free-place frees one of the busy user's
//                            places and answers 204 once it is free
//   CHATSTREAM_REPORT        a file this test appends one JSON line per case to, for the Java side's checks
//
// The replies the Java side scripted (OpenAiNodeClientIT keeps the same texts):
//   -stream   "Hello", ", ", "world", "!"        -once     "All ", "at ", "once" with usage 9 + 3
//   -usage    "Counted" with usage 12 + 3        -abort    many slow chunks, "tick 0 ", "tick 1 ", ...
//   -retried  "Room ", "at ", "last"
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import OpenAI, { AuthenticationError, NotFoundError, RateLimitError } from 'openai';

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: OpenAiNodeClientIT runs this test with the environment it needs`);
  }
  return value;
}

const baseURL = required('CHATSTREAM_BASE_URL');
const apiKey = required('CHATSTREAM_API_KEY');
const busyApiKey = required('CHATSTREAM_BUSY_API_KEY');
const marker = required('CHATSTREAM_MARKER');
const controlURL = required('CHATSTREAM_CONTROL_URL');
const reportFile = required('CHATSTREAM_REPORT');

const SESSION_HEADER = 'x-chatstream-session';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function report(name, details) {
  appendFileSync(reportFile, JSON.stringify({ case: name, ...details }) + '\n');
}

function client(options = {}) {
  return new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 30_000, ...options });
}

function ask(name, model = 'assistant') {
  return { model, messages: [{ role: 'user', content: `${marker}-${name}` }] };
}

function sessionOf(response) {
  const session = response.headers.get(SESSION_HEADER);
  assert.match(session ?? '', UUID, `${SESSION_HEADER} on every response`);
  return session;
}

test('streams the reply chunk by chunk', async () => {
  const { data: stream, response } = await client()
    .chat.completions.create({ ...ask('stream', 'teacher'), stream: true })
    .withResponse();
  const session = sessionOf(response);
  assert.match(response.headers.get('content-type'), /^text\/event-stream/);

  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
  }

  assert.ok(chunks.length >= 4, `one chunk per piece at least: ${JSON.stringify(chunks)}`);
  for (const chunk of chunks) {
    assert.equal(chunk.object, 'chat.completion.chunk');
    assert.equal(chunk.id, chunks[0].id, 'one id for the whole completion');
    assert.equal(typeof chunk.created, 'number');
  }
  assert.equal(chunks[0].choices[0].delta.role, 'assistant');
  const text = chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('');
  assert.equal(text, 'Hello, world!');
  const finishes = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason)).filter(Boolean);
  assert.deepEqual(finishes, ['stop']);
  assert.ok(chunks.every((chunk) => !chunk.usage), 'no usage unless asked for');
  report('stream', { session, text });
});

test('answers in one completion without streaming', async () => {
  const { data: completion, response } = await client().chat.completions.create(ask('once')).withResponse();

  sessionOf(response);
  assert.equal(completion.object, 'chat.completion');
  assert.equal(completion.choices.length, 1);
  assert.equal(completion.choices[0].message.role, 'assistant');
  assert.equal(completion.choices[0].message.content, 'All at once');
  assert.equal(completion.choices[0].finish_reason, 'stop');
  assert.deepEqual(
    { prompt: completion.usage.prompt_tokens, completion: completion.usage.completion_tokens, total: completion.usage.total_tokens },
    { prompt: 9, completion: 3, total: 12 },
  );
});

test('reports usage in a last chunk without choices when include_usage is asked for', async () => {
  const stream = await client().chat.completions.create({
    ...ask('usage', 'friend'),
    stream: true,
    stream_options: { include_usage: true },
  });
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
  }

  const last = chunks.at(-1);
  assert.deepEqual(last.choices, []);
  assert.deepEqual(
    { prompt: last.usage.prompt_tokens, completion: last.usage.completion_tokens, total: last.usage.total_tokens },
    { prompt: 12, completion: 3, total: 15 },
  );
  assert.equal(chunks.filter((chunk) => chunk.usage).length, 1, 'usage once, at the end');
  assert.equal(chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join(''), 'Counted');
});

test('lists the assistants as models', async () => {
  const ids = [];
  for await (const model of client().models.list()) {
    assert.equal(model.object, 'model');
    assert.equal(model.owned_by, model.id === 'direct-model' ? 'provider' : 'chatstream');
    ids.push(model.id);
  }
  for (const assistant of ['assistant', 'counselor', 'friend', 'teacher', 'programmer', 'tiny']) {
    assert.ok(ids.includes(assistant), `${assistant} in ${ids}`);
  }
  assert.equal((await client().models.retrieve('teacher')).id, 'teacher');
});

test('an abort mid-stream ends the stream early and hangs up', async () => {
  const abort = new AbortController();
  const { data: stream, response } = await client()
    .chat.completions.create({ ...ask('abort', 'friend'), stream: true }, { signal: abort.signal })
    .withResponse();
  const session = sessionOf(response);

  let text = '';
  let finished = false;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? '';
    finished ||= chunk.choices.some((choice) => choice.finish_reason);
    if (text) {
      abort.abort();
    }
  }

  // Once the response has begun, the SDK (5 and later) ends the iteration quietly: its Stream swallows the
  // AbortError. APIUserAbortError is only for a signal aborted before the response headers arrive.
  assert.ok(text.startsWith('tick 0 '), text);
  assert.ok(!text.includes('tick 9 '), `stopped early: ${text}`);
  assert.equal(finished, false, 'no finish_reason after the abort');
  report('abort', { session, text });
});

test('a bad key is an AuthenticationError', async () => {
  const error = await client({ apiKey: 'cs_' + 'x'.repeat(43) }).chat.completions.create(ask('bad-key')).catch((e) => e);

  assert.ok(error instanceof AuthenticationError, String(error));
  assert.equal(error.status, 401);
  assert.equal(error.code, 'invalid_api_key');
});

test('an unknown model is a NotFoundError naming the model', async () => {
  const error = await client().chat.completions.create({ ...ask('wizard', 'wizard'), stream: true }).catch((e) => e);

  assert.ok(error instanceof NotFoundError, String(error));
  assert.equal(error.status, 404);
  assert.equal(error.type, 'invalid_request_error');
  assert.equal(error.param, 'model');
  assert.equal(error.code, 'model_not_found');
});

// The next two run in this order (node:test runs a file's top-level tests one after the other): the busy user's
// places are all held until the second one asks the Java side to free one.

test('over the concurrency limit without retries: a RateLimitError with retry-after', async () => {
  const error = await client({ apiKey: busyApiKey })
    .chat.completions.create({ ...ask('refused'), stream: true })
    .catch((e) => e);

  assert.ok(error instanceof RateLimitError, String(error));
  assert.equal(error.status, 429);
  assert.equal(error.code, 'rate_limit_exceeded');
  assert.ok(Number(error.headers.get('retry-after')) >= 1, `retry-after: ${error.headers.get('retry-after')}`);
});

test('with retries: the SDK waits as retry-after says and succeeds once a place is free', async () => {
  const calls = [];
  let freed = false;
  // Sees every attempt; on the first 429 it has the Java side free a place before the SDK sees the response,
  // so the retry finds one free whatever the timing: no sleeps.
  const watchingFetch = async (url, init) => {
    const call = { sentAt: Date.now() };
    calls.push(call);
    const response = await fetch(url, init);
    call.status = response.status;
    call.retryAfter = response.headers.get('retry-after');
    if (response.status === 429 && !freed) {
      const answer = await fetch(`${controlURL}/free-place`, { method: 'POST' });
      assert.equal(answer.status, 204, 'the Java side freed a place');
      freed = true;
    }
    call.handedOverAt = Date.now();
    return response;
  };

  const completion = await client({ apiKey: busyApiKey, maxRetries: 2, fetch: watchingFetch })
    .chat.completions.create(ask('retried'));

  assert.equal(completion.choices[0].message.content, 'Room at last');
  assert.deepEqual(calls.map((call) => call.status), [429, 200]);
  const retryAfter = Number(calls[0].retryAfter);
  assert.ok(retryAfter >= 1, `retry-after: ${calls[0].retryAfter}`);
  const waited = calls[1].sentAt - calls[0].handedOverAt;
  // The SDK's own backoff for a first retry is 0.375 to 0.5 s: at least retry-after seconds shows it read the header.
  assert.ok(waited >= retryAfter * 1000 - 5, `retried after ${waited} ms, retry-after ${retryAfter} s`);
  report('retried', { waited, retryAfter });
});
