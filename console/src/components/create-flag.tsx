import { useState } from 'preact/hooks';
import type { Flag } from '../../../lib/model/flag';
import { envPath, useConsole } from '../state/console-context';
import { newFlag } from '../util/flag-summary';
import { CreateItemButton } from './create-item';

/** "New flag": asks for a key and a type, creates the flag (off) with `POST`, then opens it. */
export function CreateFlagButton({ onCreated }: { onCreated: (key: string) => void }) {
  const { api, route, data } = useConsole();
  const [type, setType] = useState<'boolean' | 'string' | 'number' | 'json'>('boolean');
  const create = async (key: string) => {
    const response = await api.request<Flag>('POST', envPath(route.env!, 'flags'), { body: newFlag(key, type) });
    data.put('flags', response.body, key);
  };
  return (
    <CreateItemButton noun="flag" create={create} onCreated={onCreated}>
      <label for="new-flag-type">Type</label>
      <select id="new-flag-type" value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value as typeof type)}>
        <option value="boolean">boolean (true / false)</option>
        <option value="string">string</option>
        <option value="number">number</option>
        <option value="json">JSON</option>
      </select>
      <p class="muted small">The flag is created off; edit its variations and targeting next.</p>
    </CreateItemButton>
  );
}
