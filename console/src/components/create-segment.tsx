import type { Segment } from '../../../lib/model/segment';
import { envPath, useConsole } from '../state/console-context';
import { CreateItemButton } from './create-item';

/** "New segment": asks for a key, creates an empty segment with `POST`, then opens it. */
export function CreateSegmentButton({ onCreated }: { onCreated: (key: string) => void }) {
  const { api, route, data } = useConsole();
  const create = async (key: string) => {
    const response = await api.request<Segment>('POST', envPath(route.env!, 'segments'), { body: { key, included: [], excluded: [], rules: [], salt: key } });
    data.put('segments', response.body, key);
  };
  return <CreateItemButton noun="segment" create={create} onCreated={onCreated} />;
}
