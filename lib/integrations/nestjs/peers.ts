import { requirePeers } from '../frameworks/require-peers';

// Imported first by index.ts: imports are evaluated in order, so this runs before any module that
// loads the peers.
requirePeers('flagstream/nestjs', ['@nestjs/common', '@nestjs/core', 'reflect-metadata']);
