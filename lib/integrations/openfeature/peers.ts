import { requirePeers } from '../frameworks/require-peers';

// Imported first by index.ts: imports are evaluated in order, so this runs before any module that
// loads the peer.
requirePeers('flagstream/openfeature', ['@openfeature/server-sdk']);
