import { percentOf, weightOfPercent } from '../util/rollout-weights';

/**
 * A share typed as a percentage (0 to 100, to 0.001 %) for a weight in 1/100,000: shows
 * `weight`, and reports the typed share as a weight (`undefined` when it is not a number) when
 * the field is left.
 */
export function PercentInput({ id, weight, disabled, onChange }: { id?: string; weight: number; disabled?: boolean; onChange: (weight: number | undefined) => void }) {
  return (
    <input
      id={id}
      class="narrow"
      type="number"
      min={0}
      max={100}
      step={0.001}
      disabled={disabled}
      value={percentOf(weight)}
      onChange={(e) => onChange(weightOfPercent((e.target as HTMLInputElement).value))}
    />
  );
}
