import type { ComponentChildren } from 'preact';

/**
 * A secret the server has just made and will never show again (a token, an SDK key): `message`,
 * the secret in a read-only field named `label` (selected when focused, for copying) and
 * "I have copied it", which dismisses it.
 */
export function OneTimeSecret({ message, label, value, onDismiss }: { message: ComponentChildren; label: string; value: string; onDismiss: () => void }) {
  return (
    <div class="notice" role="status">
      <p>{message}</p>
      <label>
        <span>{label}</span>
        <input readOnly value={value} class="secret" onFocus={(e) => (e.target as HTMLInputElement).select()} />
      </label>
      <button type="button" class="link" onClick={onDismiss}>
        I have copied it
      </button>
    </div>
  );
}
