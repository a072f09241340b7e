// A unit's server-sent events (GET /api/units/{code}/events/{period}), read with fetch: the key goes in the
// Authorization header, which the browser's EventSource cannot send. Reconnects with a growing pause, sending
// Last-Event-ID, when the stream breaks and when it goes silent for longer than the server ever stays quiet; the
// server answers a reconnect with the current figures at once.
import { currentKey } from './auth.js';
import { readTree } from './api.js';

const enc = encodeURIComponent;
const MAX_PAUSE_MS = 30_000;
// The server writes at least every 15 s, a keep-alive when nothing changes (UnitEventStream.KeepAlive); a stream that
// stays silent for two of those and a margin has been lost without being closed, and is dropped and opened again.
const SILENCE_MS = 2 * 15_000 + 5_000;

/** The events of a server-sent event stream, parsed from a response body: {type, data, id, retry}. */
export async function* parseEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let data = [];
  let type = '';
  let id = null;
  let retry = null;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, end).replace(/\r$/, '');
        buffer = buffer.slice(end + 1);
        if (line === '') {
          // A blank line ends an event; one without data is no event.
          if (data.length) yield { type: type || 'message', data: data.join('\n'), id, retry };
          data = [];
          type = '';
          continue;
        }
        const colon = line.indexOf(':');
        if (colon === 0) continue; // a comment
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') data.push(text);
        else if (field === 'event') type = text;
        else if (field === 'id' && !text.includes('\0')) id = text;
        else if (field === 'retry' && /^\d+$/.test(text)) retry = Number(text);
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * Listens to a unit's figures for a period on the tree read on: `changed(figures)` with each `indicators` event,
 * `state(open)` when the stream opens (true) or is lost (false). Answers a function that stops listening.
 */
export function listen(code, period, changed, state) {
  const tree = readTree();
  const path = `/api/units/${enc(code)}/events/${enc(period)}${tree ? `?tree=${enc(tree)}` : ''}`;
  let stopped = false;
  let controller = null;
  let lastId = null;
  let pause = 3000; // until the server says otherwise
  let failures = 0;

  async function run() {
    while (!stopped) {
      controller = new AbortController();
      const watch = watchdog(controller);
      try {
        const key = currentKey();
        const response = await fetch(path, {
          headers: { Accept: 'text/event-stream', ...(key ? { Authorization: `Bearer ${key}` } : {}), ...(lastId ? { 'Last-Event-ID': lastId } : {}) },
          cache: 'no-store',
          signal: controller.signal,
        });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        failures = 0;
        state(true);
        for await (const event of parseEvents(response.body.pipeThrough(watch.bytes))) {
          if (event.id !== null) lastId = event.id;
          if (event.retry !== null) pause = event.retry;
          if (event.type === 'indicators') changed(JSON.parse(event.data));
        }
      } catch {
        // A network failure, a refusal, a silent stream or the stream's end: all are retried below.
      } finally {
        watch.stop();
      }
      if (stopped) return;
      failures += 1;
      state(false);
      await new Promise((resolve) => setTimeout(resolve, Math.min(pause * 2 ** (failures - 1), MAX_PAUSE_MS)));
    }
  }

  run();
  return () => {
    stopped = true;
    controller?.abort();
  };
}

/**
 * Aborts `controller` once SILENCE_MS pass without a byte: from the request on, then from each chunk that passes
 * through `bytes` (events, keep-alives and comments alike), until `stop`.
 */
function watchdog(controller) {
  let timer = 0;
  const heard = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), SILENCE_MS);
  };
  heard();
  return {
    bytes: new TransformStream({
      transform(chunk, out) {
        heard();
        out.enqueue(chunk);
      },
    }),
    stop: () => clearTimeout(timer),
  };
}
