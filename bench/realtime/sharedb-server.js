// ShareDB peer: in-memory backend, text type, WebSocket on loopback. Usage: node sharedb-server.js PORT
const http = require('http');
const WebSocket = require('ws');
const ShareDB = require('sharedb');
const WebSocketJSONStream = require('@teamwork/websocket-json-stream');
ShareDB.types.register(require('ot-text').type);

const backend = new ShareDB();
const server = http.createServer();
new WebSocket.Server({server}).on('connection', (ws) => backend.listen(new WebSocketJSONStream(ws)));
server.listen(Number(process.argv[2]), '127.0.0.1', () => console.log('sharedb ready'));
