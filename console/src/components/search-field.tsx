/** A labelled search box (`label` defaults to "Search") reporting its text as it is typed. */
export function SearchField({ value, onChange, label = 'Search', placeholder }: { value: string; onChange: (value: string) => void; label?: string; placeholder?: string }) {
  return (
    <label>
      <span>{label}</span>
      <input type="search" value={value} placeholder={placeholder} onInput={(e) => onChange((e.target as HTMLInputElement).value)} />
    </label>
  );
}
