/**
 * `npm run bench -- nestjs [--quick]`: what `@RequireFlag` adds to a request. In the same run:
 *
 * 1. a Nest (Express) app with two routes, `/bare` and `/guarded` (`@RequireFlag('checkout')`,
 *    true for the request's user), requested alternately over one keep-alive connection;
 *    the difference of the medians is the guard's cost per request as a client sees it;
 * 2. the guard alone: `FlagGuard.canActivate` on a prepared execution context, in a tight loop.
 */
import 'reflect-metadata';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { TestData } from '../lib/integrations/test-data/test-data';
import { FlagGuard, FlagstreamModule, RequireFlag } from '../lib/integrations/nestjs';
import type { BenchModule } from './bench-module';
import { median, timeCalls } from './timing';

@Controller()
class BenchController {
  @Get('bare')
  bare(): string {
    return 'ok';
  }

  @Get('guarded')
  @RequireFlag('checkout')
  guarded(): string {
    return 'ok';
  }
}

function get(agent: Agent, port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers: { 'x-user': 'alice' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function timeRequests(agent: Agent, port: number, path: string, count: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const status = await get(agent, port, path);
    if (status !== 200) throw new Error(`GET ${path} answered ${status}`);
  }
  return Number(process.hrtime.bigint() - start) / count / 1000;
}

export const nestjsGuardBench: BenchModule = {
  name: 'nestjs',
  description: 'NestJS @RequireFlag: guarded vs bare route over HTTP, and the guard alone (--quick)',
  async run(args) {
    const quick = args.includes('--quick');
    const td = new TestData();
    await td.update(td.flag('checkout').booleanFlag().variationForUser('alice', true).fallthroughVariation(false));
    const userFromHeader = (ctx: import('@nestjs/common').ExecutionContext) => ({ kind: 'user', key: String(ctx.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers['x-user']) });

    @Module({ imports: [FlagstreamModule.forTesting(td, { context: userFromHeader })], controllers: [BenchController] })
    class BenchModuleClass {}

    const app: INestApplication = await NestFactory.create(BenchModuleClass, { logger: false });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const rounds = quick ? 3 : 7;
    const perRound = quick ? 300 : 1500;
    const bare: number[] = [];
    const guarded: number[] = [];
    await timeRequests(agent, port, '/bare', 200);
    await timeRequests(agent, port, '/guarded', 200);
    for (let round = 0; round < rounds; round++) {
      bare.push(await timeRequests(agent, port, '/bare', perRound));
      guarded.push(await timeRequests(agent, port, '/guarded', perRound));
    }
    const guard = app.get(FlagGuard);
    const handler = BenchController.prototype.guarded;
    // 100 requests, each of a user the flag serves true to (a denied request throws, which is a 404 path).
    const contexts = Array.from({ length: 100 }, () => new ExecutionContextHost([{ headers: { 'x-user': 'alice' }, method: 'GET', url: '/guarded' }, {}], BenchController, handler));
    const iterations = quick ? 50_000 : 300_000;
    await timeCalls((ctx) => guard.canActivate(ctx), contexts, iterations);
    const guardSamples: number[] = [];
    for (let run = 0; run < 3; run++) guardSamples.push(await timeCalls((ctx) => guard.canActivate(ctx), contexts, iterations));
    const guardNs = median(guardSamples);
    agent.destroy();
    await app.close();
    const b = median(bare);
    const g = median(guarded);
    console.log(`median of ${rounds} interleaved rounds × ${perRound} sequential keep-alive requests`);
    console.log(`GET /bare     ${b.toFixed(1).padStart(7)} µs/request`);
    console.log(`GET /guarded  ${g.toFixed(1).padStart(7)} µs/request   (+${(g - b).toFixed(1)} µs, ${((g / b - 1) * 100).toFixed(1)} %)`);
    console.log(`FlagGuard.canActivate alone: ${guardNs.toFixed(0)} ns/call (reflector lookup, context from the request, boolVariation)`);
    return true;
  },
};
