import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ApiError } from '../api/api-error';
import { changeHeaders } from '../api/change-request';
import { useAction } from '../components/use-action';
import { envPath, useConsole } from '../state/console-context';
import { diffItems, type DiffLine, hasChanges } from '../util/json-diff';

type Item = { key: string; version: number };

/** The editing state of one flag or segment. */
export interface ItemDraft<T extends Item> {
  /** The version the draft started from. */
  readonly base: T | undefined;
  readonly draft: T | undefined;
  /** The current stored version (may be newer than `base` when it changed elsewhere). */
  readonly latest: T | undefined;
  readonly update: (change: (item: T) => T) => void;
  readonly diff: DiffLine[];
  readonly dirty: boolean;
  /** A newer version arrived while the draft has unsaved edits. */
  readonly changedElsewhere: boolean;
  /** The last save's refusal (409/412 conflicts included). */
  readonly saveError: ApiError | undefined;
  readonly saving: boolean;
  /** Bumped when the draft is replaced, so that editors holding text state start over. */
  readonly generation: number;
  save(comment: string): Promise<boolean>;
  /** Drops the edits and takes the latest version. */
  discard(): void;
  /** Keeps the edits but bases them on the latest version (the next save overwrites it knowingly). */
  rebase(): void;
}

/**
 * A draft of the item `key` of `kind`: edits stay local until `save`, which sends the whole item
 * with `PUT` and `If-Match: "<base version>"`. A change made elsewhere meanwhile is refused by the
 * server (`412`, or `409`) and shown, never overwritten; when there are no local edits a newer
 * version simply replaces the draft.
 */
export function useItemDraft<T extends Item>(kind: 'flags' | 'segments', key: string, latest: T | undefined): ItemDraft<T> {
  const { api, route, data } = useConsole();
  const [base, setBase] = useState<T | undefined>(latest);
  const [draft, setDraft] = useState<T | undefined>(latest);
  const [generation, setGeneration] = useState(0);
  const diff = useMemo(() => (base && draft ? diffItems(base, draft) : []), [base, draft]);
  const dirty = hasChanges(diff);

  useEffect(() => {
    // a newer version (from this console or elsewhere) replaces an unedited draft
    if (!latest) return;
    if (!base || (!dirty && latest.version !== base.version) || base.key !== latest.key) {
      setBase(latest);
      setDraft(latest);
      setGeneration((n) => n + 1);
    }
  }, [latest, key]);

  const save = useAction(async (comment: string) => {
    if (!base || !draft) return;
    const { version: _version, ...body } = draft as T & Record<string, unknown>;
    const response = await api.request<T>('PUT', envPath(route.env!, kind, key), {
      body,
      headers: changeHeaders(base.version, comment),
    });
    data.put(kind, response.body as never, key);
    setBase(response.body);
    setDraft(response.body);
    setGeneration((n) => n + 1);
  });

  return {
    base,
    draft,
    latest,
    update: (change) => setDraft((current) => (current ? change(current) : current)),
    diff,
    dirty,
    // not while saving: the live stream may announce this console's own save before its answer
    changedElsewhere: !save.busy && latest !== undefined && base !== undefined && latest.version !== base.version && dirty,
    saveError: save.error,
    saving: save.busy,
    generation,
    save: save.run,
    discard() {
      setBase(latest);
      setDraft(latest);
      save.clear();
      setGeneration((n) => n + 1);
    },
    rebase() {
      setBase(latest);
      save.clear();
    },
  };
}
