import type { Flag } from '../../../lib/model/flag';
import { variationLabel } from '../util/flag-summary';

/** The `<option>`s of a flag's variations (value: the index; text: the value, as everywhere). */
export function VariationOptions({ flag }: { flag: Pick<Flag, 'variations'> | undefined }) {
  return (
    <>
      {(flag?.variations ?? []).map((_, i) => (
        <option key={i} value={String(i)}>
          {variationLabel(flag!, i)}
        </option>
      ))}
    </>
  );
}
