// One writer submitting text ops closed-loop (each waits for its ack) and N subscribers receiving them.
// Each op inserts "<seq>," at the start, so a subscriber knows which op it got and when it was sent.
// Usage: node load.js stategrid|sharedb URL SUBSCRIBERS SECONDS [TOKEN]
// Prints one JSON line: {system, subscribers, opsPerSec, p50Micros, p99Micros, delivered}.
const WebSocket = require('ws');
const [system, url, subscriberCount, seconds, token] = [process.argv[2], process.argv[3], Number(process.argv[4]),
  Number(process.argv[5]), process.argv[6]];
const sent = new Map();
const latencies = [];
const now = () => Number(process.hrtime.bigint() / 1000n);
const docId = 'bench-' + Date.now() + '-' + subscriberCount;
let acked = 0;
// A run that cannot start (a refused socket, a dead server) fails instead of hanging the benchmark.
setTimeout(() => { console.error(`${system}: no result after ${seconds + 60} s`); process.exit(1); }, (seconds + 60) * 1000).unref();
let delivered = 0;
// A subscriber the server closes (a slow consumer, 4008) stops receiving: the run then measured less than it claims.
let closedSubscribers = 0;

function record(insert) {
  const seq = Number(insert.slice(0, insert.indexOf(',')));
  const at = sent.get(seq);
  if (at !== undefined) {
    latencies.push(now() - at);
    delivered++;
  }
}

function percentile(p) {
  const sorted = latencies.slice().sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] : NaN;
}

function finish(stop) {
  stop();
  console.log(JSON.stringify({system, subscribers: subscriberCount, opsPerSec: acked / seconds,
    p50Micros: percentile(50), p99Micros: percentile(99), delivered, closedSubscribers}));
  process.exit(0);
}

async function stategrid() {
  const base = url.replace(/^ws/, 'http').replace(/\/v1\/ws$/, '');
  const put = await fetch(`${base}/v1/docs/${docId}?type=text`, {method: 'PUT',
    headers: {'Authorization': `Bearer ${token}`, 'Content-Type': 'text/plain'}, body: ''});
  if (put.status !== 201) throw new Error('create failed: ' + put.status + ' ' + await put.text());
  const open = () => new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {headers: {Authorization: `Bearer ${token}`}});
    ws.on('error', reject);
    ws.on('close', (code, reason) => reject(new Error(`socket closed ${code} ${reason}`)));
    ws.on('message', function first(data) {
      const m = JSON.parse(data);
      if (m.type === 'ready') { ws.off('message', first); resolve(ws); }
    });
  });
  const sockets = [];
  for (let i = 0; i < subscriberCount; i++) {
    const ws = await open();
    await new Promise((resolve) => {
      ws.on('message', (data) => {
        const m = JSON.parse(data);
        if (m.type === 'subscribed') resolve();
        else if (m.type === 'op' && typeof m.op[0] === 'string') record(m.op[0]);
      });
      ws.send(JSON.stringify({type: 'subscribe', doc: docId, fromVersion: 2}));
    });
    ws.removeAllListeners('close');
    ws.on('close', (code, reason) => { closedSubscribers++; console.error(`subscriber closed: ${code} ${reason}`); });
    sockets.push(ws);
  }
  const writer = await open();
  let seq = 0;
  let version = 1;
  let running = true;
  const submit = () => {
    seq++;
    sent.set(seq, now());
    writer.send(JSON.stringify({type: 'submit', doc: docId, baseVersion: version, op: [seq + ','], clientId: 'w', clientSeq: seq}));
  };
  writer.on('message', (data) => {
    const m = JSON.parse(data);
    if (m.type === 'ack') { acked++; version = m.version; if (running) submit(); }
    else if (m.type === 'error') { console.error(data.toString()); process.exit(1); }
  });
  submit();
  setTimeout(() => finish(() => { running = false; }), seconds * 1000);
}

async function sharedb() {
  const ShareDB = require('sharedb/lib/client');
  ShareDB.types.register(require('ot-text').type);
  const connect = () => new ShareDB.Connection(new WebSocket(url));
  const writerConnection = connect();
  const writerDoc = writerConnection.get('bench', docId);
  await new Promise((resolve, reject) => writerDoc.create('', 'text', (e) => e ? reject(e) : resolve()));
  for (let i = 0; i < subscriberCount; i++) {
    const doc = connect().get('bench', docId);
    await new Promise((resolve, reject) => doc.subscribe((e) => e ? reject(e) : resolve()));
    doc.on('op', (op, source) => { if (!source && typeof op[0] === 'string') record(op[0]); });
  }
  let seq = 0;
  let running = true;
  const submit = () => {
    seq++;
    sent.set(seq, now());
    writerDoc.submitOp([seq + ','], (e) => {
      if (e) { console.error(e); process.exit(1); }
      acked++;
      if (running) submit();
    });
  };
  submit();
  setTimeout(() => finish(() => { running = false; }), seconds * 1000);
}

(system === 'stategrid' ? stategrid() : sharedb()).catch((e) => { console.error(e); process.exit(1); });
