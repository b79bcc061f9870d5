import type { ComponentChildren } from 'preact';
import { ListField } from './list-field';

/** Keys of one context kind: a segment's included or excluded ones, or a flag's targets. */
type ContextKeys = { readonly contextKind?: string | null; readonly values?: readonly string[] | null };

/**
 * Keys of context kinds other than `user`, a row each: the kind, whatever `extra` adds (a flag's
 * targets: the variation they get), the keys one per line (field id `<idPrefix>-<index>`) and
 * "Remove"; then the button `addLabel`. `setTarget` gets each edit of a row (`undefined`:
 * removed). Read-only: no buttons, fields read-only.
 */
export function ContextKeyRows<T extends ContextKeys>({
  targets,
  idPrefix,
  readOnly,
  setTarget,
  onAdd,
  addLabel,
  extra,
}: {
  targets: readonly T[];
  idPrefix: string;
  readOnly: boolean;
  setTarget: (index: number, change: (target: T) => T | undefined) => void;
  onAdd: () => void;
  addLabel: string;
  extra?: (target: T, index: number) => ComponentChildren;
}) {
  return (
    <>
      {targets.map((target, index) => (
        <div class="row" key={index}>
          <label>
            <span>Context kind</span>
            <input class="narrow" value={target.contextKind ?? ''} readOnly={readOnly} onInput={(e) => setTarget(index, (t) => ({ ...t, contextKind: (e.target as HTMLInputElement).value }))} />
          </label>
          {extra?.(target, index)}
          <ListField id={`${idPrefix}-${index}`} label="Keys" values={target.values ?? []} readOnly={readOnly} onChange={(values) => setTarget(index, (t) => ({ ...t, values }))} />
          {!readOnly && (
            <button type="button" class="link danger" onClick={() => setTarget(index, () => undefined)}>
              Remove
            </button>
          )}
        </div>
      ))}
      {!readOnly && (
        <button type="button" onClick={onAdd}>
          {addLabel}
        </button>
      )}
    </>
  );
}
