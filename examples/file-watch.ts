/**
 * A client on a watched flags file: prints live values and status changes.
 *
 *   npm run example:file          (then edit examples/flags.yaml and save)
 */
import { combineLatest } from 'rxjs';
import { createClient, fileDataSource } from '../lib';

const client = createClient({
  dataSource: fileDataSource({ paths: [`${__dirname}/flags.yaml`], watch: true }),
});

client.status$.subscribe((status) => console.log(`status: ${status.state}${status.state !== 'VALID' && status.lastError ? ` (${status.lastError.message})` : ''}`));

const alice = { kind: 'user', key: 'alice' };
const bob = { kind: 'user', key: 'bob' };
combineLatest([
  client.variation$('new-checkout', alice, false),
  client.variation$('new-checkout', bob, false),
  client.variation$('banner-color', bob, 'none'),
]).subscribe(([forAlice, forBob, color]) => console.log(`new-checkout: alice=${forAlice} bob=${forBob}  banner-color=${color}`));

process.once('SIGINT', () => void client.close());
console.log('Watching examples/flags.yaml — edit it and save; Ctrl-C to stop.');
