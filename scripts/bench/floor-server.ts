// The bare floor for bench:alerts: the same shape of work as the real hot path — an HTTP POST that
// ends in a Socket.IO emit to an agent's room — with no database, no Next, no validation beyond JSON.
// Run as its own process, like the real server, so both pay the same process and loopback costs.
import http from 'node:http';
import { Server } from 'socket.io';

const server = http.createServer((req, res) => {
  if (req.method !== 'POST') return void res.writeHead(404).end();
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const { message, agent } = JSON.parse(body || '{}') as { message?: string; agent?: string };
    const id = `floor-${Math.random().toString(36).slice(2)}`;
    io.to(`agent:${agent}`).emit('service-request:new', { id, message });
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ request: { id } }));
  });
});
const io = new Server(server, { serveClient: false });
io.on('connection', (socket) => {
  const agent = socket.handshake.auth?.agent;
  if (typeof agent === 'string') socket.join(`agent:${agent}`);
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0, msg: 'listening' }));
});
process.on('SIGTERM', () => process.exit(0));
