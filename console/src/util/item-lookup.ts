import type { Flag } from '../../../lib/model/flag';
import type { Segment } from '../../../lib/model/segment';
import type { ItemLookup } from '../../../lib/server/validation/item-lookup';

/**
 * The server's validation view of an environment, built from what the console holds, with an
 * optional item in place (the draft being edited).
 */
export function lookupOf(
  state: { flags: ReadonlyMap<string, Flag>; segments: ReadonlyMap<string, Segment> },
  draft?: { kind: 'flags'; item: Flag } | { kind: 'segments'; item: Segment },
): ItemLookup {
  const flags = new Map(state.flags);
  const segments = new Map(state.segments);
  if (draft?.kind === 'flags') flags.set(draft.item.key, draft.item);
  if (draft?.kind === 'segments') segments.set(draft.item.key, draft.item);
  return {
    flag: (key) => flags.get(key),
    segment: (key) => segments.get(key),
    flags: () => flags.values(),
    segments: () => segments.values(),
  };
}
