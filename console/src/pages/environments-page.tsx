import { hrefOf } from '../router';
import { useConsole } from '../state/console-context';

/** Environments with their item counts, connected SDKs and SDK keys (as hashes). */
export function EnvironmentsPage() {
  const { environments, route } = useConsole();
  return (
    <section aria-labelledby="environments-title">
      <h1 id="environments-title">Environments &amp; SDK keys</h1>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Environment</th>
              <th scope="col">Flags</th>
              <th scope="col">Segments</th>
              <th scope="col">Connected SDKs</th>
              <th scope="col">SDK keys</th>
            </tr>
          </thead>
          <tbody>
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
          </tbody>
        </table>
      </div>
    </section>
  );
}
