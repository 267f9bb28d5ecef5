// The HTTP floor: restify with the same body parsing, answering every POST with a fixed expectReplies body.
import restify from 'restify';

const server = restify.createServer({ name: 'bench-bare', handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false, mapFiles: false }));
server.get('/healthz', async (_req, res) => {
  res.send(200, { status: 'ok' });
});
server.post('/api/messages', async (_req, res) => {
  res.send(200, { activities: [{ type: 'message', text: 'ok' }] });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
