/**
 * The Lua script behind `upsert`: stores an item (or its tombstone) in a hash unless the hash
 * already holds a version ≥ the new one, then publishes a change message. Redis runs a script
 * atomically, so two processes writing the same item at once cannot both win against an older
 * read, and no WATCH/MULTI retry loop is needed.
 *
 * - `KEYS[1]`: the hash (`{prefix}:flags` or `{prefix}:segments`);
 * - `ARGV[1]`: the item key; `ARGV[2]`: its version (a decimal number); `ARGV[3]`: its JSON;
 *   `ARGV[4]`: the change channel; `ARGV[5]`: the change message.
 *
 * An existing value that is not JSON, or has no numeric `version`, counts as absent: the new,
 * valid item replaces it (a corrupt entry repairs itself at the next write).
 *
 * Returns 1 if the item was stored (and the message published), 0 if it was not newer.
 */
export const UPSERT_SCRIPT = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current then
  local ok, item = pcall(cjson.decode, current)
  if ok and type(item) == 'table' and type(item.version) == 'number' and item.version >= tonumber(ARGV[2]) then
    return 0
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('PUBLISH', ARGV[4], ARGV[5])
return 1
`;
