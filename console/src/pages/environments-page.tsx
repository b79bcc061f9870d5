import { useState } from 'preact/hooks';
import { ConfirmDialog } from '../components/confirm-dialog';
import { DataTable } from '../components/data-table';
import { ErrorText } from '../components/error-text';
import { useAction } from '../components/use-action';
import { hrefOf } from '../router';
import { envPath, useConsole } from '../state/console-context';
import { canEdit, canManage } from '../state/session';
import { SdkKeysPanel } from './sdk-keys-panel';

/**
 * Environments with their item counts, connected SDKs and SDK keys (as hashes: the server never
 * shows the keys), and export / import of an environment's flags and segments
 * (`GET|PUT /api/environments/:env/data`); the SDK keys of the current environment in
 * {@link SdkKeysPanel}.
 */
export function EnvironmentsPage() {
  const { environments, route, session } = useConsole();
  return (
    <section aria-labelledby="environments-title">
      <h1 id="environments-title">Environments &amp; SDK keys</h1>
      <DataTable columns={['Environment', 'Flags', 'Segments', 'Connected SDKs', 'SDK keys (hashes)']}>
        {environments.map((environment) => (
          <tr key={environment.key} aria-current={environment.key === route.env ? 'true' : undefined}>
            <td>
              <a href={hrefOf({ env: environment.key, page: 'flags' })}>{environment.name}</a> <span class="muted small">{environment.key}</span>
            </td>
            <td>{environment.flags}</td>
            <td>{environment.segments}</td>
            <td>{environment.streamConnections}</td>
            <td class="small">{environment.sdkKeys.join(', ')}</td>
          </tr>
        ))}
      </DataTable>
      <p class="muted small">SDK keys are shown as hashes only: a key is shown once, when it is made.</p>
      {route.env && <SdkKeysPanel env={route.env} manage={canManage(session)} />}
      {route.env && <ExportImport env={route.env} writable={canEdit(session)} />}
    </section>
  );
}

/** Export and import of an environment's flags and segments (`GET|PUT …/data`). */
function ExportImport({ env, writable }: { env: string; writable: boolean }) {
  const { api, data, reloadEnvironments } = useConsole();
  const [pending, setPending] = useState<{ name: string; body: unknown } | undefined>();
  const [result, setResult] = useState<{ flags: number; segments: number; deleted: number; warnings: string[] } | undefined>();
  const transfer = useAction(async (perform: () => Promise<void>) => perform());
  const download = () =>
    transfer.run(async () => {
      const body = await api.get<unknown>(envPath(env, 'data'));
      const url = URL.createObjectURL(new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `${env}-flags.json`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });
  const choose = async (file: File | undefined) => {
    if (!file) return;
    try {
      setPending({ name: file.name, body: JSON.parse(await file.text()) });
      transfer.clear();
    } catch (caught) {
      transfer.fail(`${file.name} is not JSON: ${(caught as Error).message}`);
    }
  };
  const upload = async () => {
    const imported = await transfer.run(async () => {
      const response = await api.request<{ flags: number; segments: number; deleted: number; warnings?: string[] }>('PUT', envPath(env, 'data'), { body: pending!.body });
      setResult({ ...response.body, warnings: response.body.warnings ?? [] });
      setPending(undefined);
      await data.reload();
      await reloadEnvironments();
    });
    if (!imported) setPending(undefined); // the refusal is shown on the card
  };
  return (
    <section class="card" aria-labelledby="data-title">
      <h2 id="data-title">Flags and segments of {env}</h2>
      <p class="muted small">Export: the SDK payload format (`/sdk/latest-all`). Import: that format or a LaunchDarkly flag file; it replaces every flag and segment of the environment at once.</p>
      <div class="row">
        <button type="button" onClick={download}>
          Export as JSON
        </button>
        {writable && (
          <label>
            <span>Import a JSON file</span>
            <input type="file" accept=".json,application/json" onChange={(e) => void choose((e.target as HTMLInputElement).files?.[0])} />
          </label>
        )}
      </div>
      <ErrorText error={transfer.error} />
      {result && (
        <div class="notice" role="status">
          <p>
            Imported {result.flags} flags and {result.segments} segments; {result.deleted} items deleted.
          </p>
          {result.warnings.length > 0 && (
            <ul class="warning">
              {result.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {pending && (
        <ConfirmDialog title={`Replace everything in ${env}?`} tone="danger" confirmLabel="Import" onConfirm={upload} onCancel={() => setPending(undefined)}>
          <p>
            Every flag and segment of <strong>{env}</strong> is replaced by those of {pending.name}; items not in the file are deleted. Connected SDKs get the changes at once.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
