import { useState } from 'preact/hooks';
import type { Flag } from '../../../lib/model/flag';
import type { ContextTarget, Target } from '../../../lib/model/target';
import { ErrorText } from '../components/error-text';
import { flagType, variationLabel } from '../util/flag-summary';
import type { EditorSectionProps } from './item-editor-frame';
import { updateAt } from '../util/update-at';
import { ContextKeyRows } from './context-key-rows';
import { ListField } from './list-field';
import { ServeEditor } from './rollout-editor';
import { VariationOptions } from './variation-options';

/** What every section of the flag editor gets (see {@link EditorSectionProps}). */
export type SectionProps = EditorSectionProps<Flag>;

/** The variations: their values (JSON, or text for a string flag). */
export function VariationsSection({ draft, update, issuesAt, readOnly }: SectionProps) {
  const variations = draft.variations ?? [];
  const type = flagType(draft);
  return (
    <section class="card" aria-labelledby="variations-title">
      <h2 id="variations-title">Variations</h2>
      <ol class="variations">
        {variations.map((value, i) => (
          <li key={`${i}-${variations.length}`}>
            <VariationInput
              index={i}
              value={value}
              asText={type === 'string'}
              readOnly={readOnly}
              onChange={(next) => update((flag) => ({ ...flag, variations: (flag.variations ?? []).map((v, j) => (j === i ? next : v)) as Flag['variations'] }))}
            />
            {!readOnly && type !== 'boolean' && variations.length > 1 && (
              <button type="button" class="link danger" onClick={() => update((flag) => ({ ...flag, variations: (flag.variations ?? []).filter((_, j) => j !== i) }))}>
                Remove variation {i}
              </button>
            )}
          </li>
        ))}
      </ol>
      {!readOnly && type !== 'boolean' && (
        <button type="button" onClick={() => update((flag) => ({ ...flag, variations: [...(flag.variations ?? []), type === 'string' ? '' : type === 'number' ? 0 : null] as Flag['variations'] }))}>
          Add variation
        </button>
      )}
      <ErrorText error={undefined} issues={issuesAt('variations')} />
    </section>
  );
}

function VariationInput({ index, value, asText, readOnly, onChange }: { index: number; value: unknown; asText: boolean; readOnly: boolean; onChange: (value: unknown) => void }) {
  const [text, setText] = useState(asText && typeof value === 'string' ? value : JSON.stringify(value));
  const [problem, setProblem] = useState<string | undefined>();
  const id = `variation-${index}`;
  return (
    <>
      <label for={id}>Variation {index}</label>
      <input
        id={id}
        value={text}
        readOnly={readOnly}
        aria-invalid={problem !== undefined}
        aria-describedby={`${id}-error`}
        onInput={(e) => {
          const next = (e.target as HTMLInputElement).value;
          setText(next);
          if (asText) {
            onChange(next);
            return;
          }
          try {
            onChange(JSON.parse(next));
            setProblem(undefined);
          } catch {
            setProblem('Not valid JSON (text needs "quotes")');
          }
        }}
      />
      <ErrorText error={problem} id={`${id}-error`} />
    </>
  );
}

/** Off variation and the experiment-level event settings. */
export function OffSection({ draft, update, issuesAt, readOnly }: SectionProps) {
  return (
    <section class="card" aria-labelledby="off-title">
      <h2 id="off-title">When the flag is off</h2>
      <label for="off-variation">Serve</label>
      <select
        id="off-variation"
        disabled={readOnly}
        value={draft.offVariation === undefined || draft.offVariation === null ? '' : String(draft.offVariation)}
        onChange={(e) => {
          const value = (e.target as HTMLSelectElement).value;
          update((flag) => ({ ...flag, offVariation: value === '' ? null : Number(value) }));
        }}
      >
        <option value="">the application's default value</option>
        <VariationOptions flag={draft} />
      </select>
      <ErrorText error={undefined} issues={issuesAt('offVariation')} />
    </section>
  );
}

/** Individual targets: user keys per variation, and keys of other context kinds. */
export function TargetsSection({ draft, update, issuesAt, readOnly }: SectionProps) {
  const variations = draft.variations ?? [];
  const targets = draft.targets ?? [];
  const contextTargets = (draft.contextTargets ?? []).filter((t) => t.contextKind !== 'user');
  const setUserTargets = (variation: number, values: string[]) =>
    update((flag) => {
      const others = (flag.targets ?? []).filter((t) => t.variation !== variation);
      const next: Target[] = values.length > 0 ? [...others, { variation, values }] : others;
      return { ...flag, targets: next.sort((a, b) => a.variation - b.variation) };
    });
  const setContextTargets = (next: ContextTarget[]) =>
    update((flag) => ({ ...flag, contextTargets: [...(flag.contextTargets ?? []).filter((t) => t.contextKind === 'user'), ...next] }));
  return (
    <section class="card" aria-labelledby="targets-title">
      <h2 id="targets-title">Individual targets</h2>
      <p class="muted small">Keys listed here get the variation before any rule is tried (one key per line).</p>
      <div class="grid">
        {variations.map((_, i) => (
          <ListField
            key={i}
            id={`targets-${i}`}
            label={`Users served ${variationLabel(draft, i)}`}
            values={targets.find((t) => t.variation === i)?.values ?? []}
            readOnly={readOnly}
            onChange={(values) => setUserTargets(i, values)}
          />
        ))}
      </div>
      <ContextKeyRows
        targets={contextTargets}
        idPrefix="context-targets"
        readOnly={readOnly}
        setTarget={(index, change) => setContextTargets(updateAt(contextTargets, index, change))}
        onAdd={() => setContextTargets([...contextTargets, { contextKind: 'organization', variation: 0, values: [] }])}
        addLabel="Add targets of another context kind"
        extra={(target, index) => (
          <label>
            <span>Serve</span>
            <select
              disabled={readOnly}
              value={String(target.variation)}
              onChange={(e) => setContextTargets(updateAt(contextTargets, index, (t) => ({ ...t, variation: Number((e.target as HTMLSelectElement).value) })))}
            >
              <VariationOptions flag={draft} />
            </select>
          </label>
        )}
      />
      <ErrorText error={undefined} issues={[...issuesAt('targets'), ...issuesAt('contextTargets')]} />
    </section>
  );
}

/** Prerequisites: flags that must serve a given variation first. */
export function PrerequisitesSection({ draft, update, issuesAt, readOnly, flags }: SectionProps & { flags: ReadonlyMap<string, Flag> }) {
  const prerequisites = draft.prerequisites ?? [];
  const others = [...flags.keys()].filter((key) => key !== draft.key).sort();
  const set = (next: typeof prerequisites) => update((flag) => ({ ...flag, prerequisites: next }));
  return (
    <section class="card" aria-labelledby="prereq-title">
      <h2 id="prereq-title">Prerequisites</h2>
      {prerequisites.length === 0 && <p class="muted small">None: the flag does not depend on another.</p>}
      {prerequisites.map((prerequisite, index) => {
        const target = flags.get(prerequisite.key);
        return (
          <div class="row" key={index}>
            <label>
              <span>Flag</span>
              <select
                disabled={readOnly}
                value={prerequisite.key}
                onChange={(e) => set(prerequisites.map((p, j) => (j === index ? { key: (e.target as HTMLSelectElement).value, variation: 0 } : p)))}
              >
                {!others.includes(prerequisite.key) && <option value={prerequisite.key}>{prerequisite.key} (missing)</option>}
                {others.map((key) => (
                  <option key={key} value={key}>
                    {key}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>must serve</span>
              <select
                disabled={readOnly}
                value={String(prerequisite.variation)}
                onChange={(e) => set(prerequisites.map((p, j) => (j === index ? { ...p, variation: Number((e.target as HTMLSelectElement).value) } : p)))}
              >
                <VariationOptions flag={target} />
              </select>
            </label>
            {!readOnly && (
              <button type="button" class="link danger" onClick={() => set(prerequisites.filter((_, j) => j !== index))}>
                Remove
              </button>
            )}
            <ErrorText error={undefined} issues={issuesAt(`prerequisites[${index}]`)} />
          </div>
        );
      })}
      {!readOnly && others.length > 0 && (
        <button type="button" onClick={() => set([...prerequisites, { key: others.find((k) => !prerequisites.some((p) => p.key === k)) ?? others[0], variation: 0 }])}>
          Add prerequisite
        </button>
      )}
      <ErrorText error={undefined} issues={issuesAt('prerequisites').filter((issue) => !/^prerequisites\[\d+\]/.test(issue))} />
    </section>
  );
}

/** The default rule (fallthrough) and the flag-wide experiment event settings. */
export function FallthroughSection({ draft, update, issuesAt, readOnly }: SectionProps) {
  return (
    <section class="card" aria-labelledby="fallthrough-title">
      <h2 id="fallthrough-title">Default rule</h2>
      <p class="muted small">What everyone else gets while the flag is on.</p>
      <ServeEditor flag={draft} id="fallthrough" target={draft.fallthrough ?? { variation: 0 }} readOnly={readOnly} onChange={(fallthrough) => update((flag) => ({ ...flag, fallthrough }))} />
      <ErrorText error={undefined} issues={issuesAt('fallthrough')} />
      <h3>Experiment settings</h3>
      <label class="check">
        <input type="checkbox" disabled={readOnly} checked={draft.trackEventsFallthrough === true} onChange={(e) => update((flag) => ({ ...flag, trackEventsFallthrough: (e.target as HTMLInputElement).checked }))} />
        <span>Send a full event for every evaluation by the default rule</span>
      </label>
      <label class="check">
        <input type="checkbox" disabled={readOnly} checked={draft.trackEvents === true} onChange={(e) => update((flag) => ({ ...flag, trackEvents: (e.target as HTMLInputElement).checked }))} />
        <span>Send a full event for every evaluation of this flag</span>
      </label>
    </section>
  );
}
