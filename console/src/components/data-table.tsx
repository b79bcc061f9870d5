import type { ComponentChildren } from 'preact';

/** A column heading: its text, or the text and a class (e.g. `hide-narrow`). */
export type Column = string | { readonly label: string; readonly class?: string; readonly hidden?: boolean };

/** The column of per-row buttons: named "Actions" for screen readers, blank on screen. */
export const ACTIONS_COLUMN: Column = { label: 'Actions', hidden: true };

/**
 * A table with a row of column headings (`scope="col"`) and `children` as its body rows. A
 * `false` column is left out (e.g. `canEdit(session) && ACTIONS_COLUMN`). By default the table
 * scrolls sideways in its own box on a narrow screen (`wrap`).
 */
export function DataTable({ columns, children, class: className, wrap = true }: { columns: readonly (Column | false)[]; children: ComponentChildren; class?: string; wrap?: boolean }) {
  const table = (
    <table class={className}>
      <thead>
        <tr>
          {columns.map((column) => {
            if (column === false) return null;
            const { label, class: columnClass, hidden } = typeof column === 'string' ? { label: column, class: undefined, hidden: false } : column;
            return (
              <th key={label} scope="col" class={columnClass}>
                {hidden ? <span class="sr-only">{label}</span> : label}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  return wrap ? <div class="table-wrap">{table}</div> : table;
}
