// The ceiling for `bench:http`: a bare Fastify app with one route, run in its own process so it is
// measured the same way as the real server. Prints `listening <port>` on stdout once ready.
import fastify from 'fastify';

const app = fastify({ logger: false });
app.get('/', async () => ({ ok: true }));

const shutdown = async () => {
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(`listening ${app.server.address().port}`);
