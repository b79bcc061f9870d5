/**
 * The NestJS example (docs/nestjs.md): a shop whose new checkout is behind a flag, with a live
 * banner over Server-Sent Events.
 *
 *   FLAGSTREAM_SDK_KEY=… FLAGSTREAM_BASE_URI=http://127.0.0.1:8030 npx tsx examples/nestjs/main.ts
 *   curl -H 'x-user: alice' http://127.0.0.1:3000/checkout      # 200 or 404, as the flag says
 *   curl -N -H 'x-user: alice' http://127.0.0.1:3000/live/banner # one event per change
 *
 * Ctrl-C (SIGINT) or SIGTERM shuts down promptly, even with SSE clients connected: the client
 * closes in `beforeApplicationShutdown`, which ends every stream before Nest closes the server.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function main(): Promise<void> {
  const app = await NestFactory.create(AppModule.configure(process.env), { logger: ['error', 'warn', 'log'] });
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port, '127.0.0.1');
  const address = app.getHttpServer().address();
  console.log(`shop listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
