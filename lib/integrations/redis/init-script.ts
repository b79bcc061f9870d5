/**
 * The Lua script behind `init`: replaces an environment's data set in one atomic step, **never
 * lowering a version**. For each item of the new data, the item stored under its key is kept
 * instead when its version (live or tombstone) is greater than the new one (another writer, or a
 * delete, got there first); items absent from the new data are removed, as a full data set
 * means. Then `$inited` is set and a change message published. Redis runs a script atomically:
 * a reader sees the old data set or the new one, never a mix.
 *
 * - `KEYS[1]`: `{prefix}:flags`; `KEYS[2]`: `{prefix}:segments`; `KEYS[3]`: `{prefix}:$inited`;
 * - `ARGV[1]`: the change channel; `ARGV[2]`: the number of flags F; then F triples
 *   (key, version, JSON) for the flags, then triples for the segments.
 *
 * Returns the number of items for which the stored, newer version was kept.
 */
export const INIT_SCRIPT = `
local flagCount = tonumber(ARGV[2])
local kept = 0
local function replace(hash, first, last)
  local stored = {}
  local current = redis.call('HGETALL', hash)
  for i = 1, #current, 2 do stored[current[i]] = current[i + 1] end
  redis.call('DEL', hash)
  for i = first, last, 3 do
    local key, version, json = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2]
    local old = stored[key]
    if old then
      local ok, item = pcall(cjson.decode, old)
      if ok and type(item) == 'table' and type(item.version) == 'number' and item.version > version then
        json = old
        kept = kept + 1
      end
    end
    redis.call('HSET', hash, key, json)
  end
end
replace(KEYS[1], 3, 2 + flagCount * 3)
replace(KEYS[2], 3 + flagCount * 3, #ARGV)
redis.call('SET', KEYS[3], '')
redis.call('PUBLISH', ARGV[1], 'init')
return kept
`;
