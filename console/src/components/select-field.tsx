/** A choice of a select: a value shown as itself, or a value and its label. */
export type SelectOption = string | { readonly value: string; readonly label: string };

/**
 * A labelled drop-down (`<label><span>label</span><select>`) of `options`, reporting the chosen
 * value.
 */
export function SelectField({ label, value, options, onChange, disabled }: { label: string; value: string; options: readonly SelectOption[]; onChange: (value: string) => void; disabled?: boolean }) {
  return (
    <label>
      <span>{label}</span>
      <select value={value} disabled={disabled} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
        {options.map((option) => {
          const { value: optionValue, label: optionLabel } = typeof option === 'string' ? { value: option, label: option } : option;
          return (
            <option key={optionValue} value={optionValue}>
              {optionLabel}
            </option>
          );
        })}
      </select>
    </label>
  );
}
