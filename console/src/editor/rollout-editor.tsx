import type { Flag } from '../../../lib/model/flag';
import type { Rollout, VariationOrRollout } from '../../../lib/model/rollout';
import { evenWeights, percentOf, setWeight, TOTAL_WEIGHT } from '../util/rollout-weights';
import { variationLabel } from '../util/flag-summary';
import { PercentInput } from './percent-input';
import { VariationOptions } from './variation-options';

/**
 * What a rule or the default rule serves: one variation, or a percentage rollout whose weights
 * always add up to 100 % (changing one weight takes the difference from the others), with the
 * bucketing attribute and the experiment settings.
 */
export function ServeEditor({ flag, target, id, readOnly, onChange }: { flag: Flag; target: VariationOrRollout; id: string; readOnly: boolean; onChange: (target: VariationOrRollout) => void }) {
  const variations = flag.variations ?? [];
  const rollout = target.rollout ?? undefined;
  const choice = rollout ? 'rollout' : String(target.variation ?? 0);
  return (
    <fieldset class="serve" disabled={readOnly}>
      <legend class="sr-only">Serve</legend>
      <label>
        <span>Serve</span>
        <select
          id={`${id}-serve`}
          value={choice}
          onChange={(e) => {
            const value = (e.target as HTMLSelectElement).value;
            if (value === 'rollout') {
              const weights = evenWeights(variations.length);
              onChange({ rollout: { variations: weights.map((weight, variation) => ({ variation, weight })) } });
            } else onChange({ variation: Number(value) });
          }}
        >
          <VariationOptions flag={flag} />
          <option value="rollout">a percentage rollout</option>
        </select>
      </label>
      {rollout && <RolloutEditor flag={flag} rollout={rollout} id={id} onChange={(next) => onChange({ rollout: next })} />}
    </fieldset>
  );
}

function RolloutEditor({ flag, rollout, id, onChange }: { flag: Flag; rollout: Rollout; id: string; onChange: (rollout: Rollout) => void }) {
  const variations = flag.variations ?? [];
  // one weight per variation of the flag, in variation order
  const weights = variations.map((_, i) => rollout.variations.find((w) => w.variation === i)?.weight ?? 0);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const setWeights = (next: number[]) =>
    onChange({ ...rollout, variations: next.map((weight, variation) => ({ variation, weight, ...(rollout.variations.find((w) => w.variation === variation)?.untracked ? { untracked: true } : {}) })) });
  return (
    <div class="rollout">
      <table>
        <caption class="sr-only">Rollout weights</caption>
        <tbody>
          {variations.map((_, i) => (
            <tr key={i}>
              <th scope="row">
                <label for={`${id}-weight-${i}`}>{variationLabel(flag, i)}</label>
              </th>
              <td>
                <PercentInput
                  id={`${id}-weight-${i}`}
                  weight={weights[i]}
                  onChange={(weight) => setWeights(setWeight(total === TOTAL_WEIGHT ? weights : evenWeights(weights.length), i, weight ?? 0))}
                />{' '}
                %
              </td>
              <td class="bar-cell" aria-hidden="true">
                <span class="bar" style={{ width: `${weights[i] / 1000}%` }} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class={total === TOTAL_WEIGHT ? 'muted small' : 'error small'} role="status">
        Total {percentOf(total)} %{total === TOTAL_WEIGHT ? '' : ' (must be 100 %)'}{' '}
        <button type="button" class="link" onClick={() => setWeights(evenWeights(variations.length))}>
          Split evenly
        </button>
      </p>
      <div class="row">
        <label>
          <span>Context kind</span>
          <input class="narrow" value={rollout.contextKind ?? 'user'} onInput={(e) => onChange({ ...rollout, contextKind: (e.target as HTMLInputElement).value || undefined })} />
        </label>
        <label>
          <span>Bucket by attribute</span>
          <input class="narrow" value={rollout.bucketBy ?? ''} placeholder="key" onInput={(e) => onChange({ ...rollout, bucketBy: (e.target as HTMLInputElement).value || undefined })} />
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={rollout.kind === 'experiment'}
            onChange={(e) => onChange({ ...rollout, kind: (e.target as HTMLInputElement).checked ? 'experiment' : 'rollout' })}
          />
          <span>Experiment (evaluations record which arm a context is in)</span>
        </label>
        {rollout.kind === 'experiment' && (
          <label>
            <span>Seed</span>
            <input
              class="narrow"
              type="number"
              step={1}
              value={rollout.seed ?? ''}
              onInput={(e) => {
                const value = (e.target as HTMLInputElement).value;
                onChange({ ...rollout, seed: value === '' ? undefined : Math.trunc(Number(value)) });
              }}
            />
          </label>
        )}
      </div>
    </div>
  );
}
