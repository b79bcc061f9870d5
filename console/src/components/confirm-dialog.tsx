import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api/api-error';
import { ErrorText } from './error-text';
import { Modal } from './modal';

/**
 * A dialog that asks before a change: what will happen (`children`), the refusal of the last
 * attempt, and two buttons, `cancelLabel` (default "Cancel") and `confirmLabel`. `tone` colours
 * the confirm button (`primary` by default, `danger` for what cannot be undone).
 */
export function ConfirmDialog({
  title,
  confirmLabel,
  onConfirm,
  onCancel,
  tone = 'primary',
  disabled,
  error,
  cancelLabel = 'Cancel',
  wide,
  children,
}: {
  title: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  tone?: 'primary' | 'danger';
  disabled?: boolean;
  error?: ApiError;
  cancelLabel?: string;
  wide?: boolean;
  children: ComponentChildren;
}) {
  return (
    <Modal title={title} onClose={onCancel} wide={wide}>
      {children}
      <ErrorText error={error} />
      <div class="buttons">
        <button type="button" onClick={onCancel}>
          {cancelLabel}
        </button>
        <button type="button" class={tone} disabled={disabled} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
