import type { Flag } from '../../../lib/model/flag';
import { FlagToggle } from '../components/flag-toggle';
import { FallthroughSection, OffSection, PrerequisitesSection, TargetsSection, VariationsSection } from '../editor/flag-sections';
import { ItemEditorFrame } from '../editor/item-editor-frame';
import { RulesSection } from '../editor/rules-section';
import { flagIssues } from '../editor/validate-draft';
import { hrefOf } from '../router';
import { useConsole } from '../state/console-context';
import { useStore } from '../util/store';

/**
 * The flag editor: variations, off variation, targets, rules (clause editor, rollouts), the
 * default rule, prerequisites and experiment settings, in the frame every item editor shares
 * ({@link ItemEditorFrame}: checked while typing, saved after a diff and a comment, conflicts
 * shown, not overwritten). The title carries the flag's on/off switch and a link to its insights.
 */
export function FlagEditorPage({ flagKey }: { flagKey: string }) {
  const { data, route } = useConsole();
  const { flags } = useStore(data);
  return (
    <ItemEditorFrame<Flag>
      kind="flags"
      itemKey={flagKey}
      validate={flagIssues}
      status={(flag) => <FlagToggle flag={flag} />}
      links={<a href={hrefOf({ env: route.env, page: 'insights', query: new URLSearchParams({ flag: flagKey }) })}>Insights</a>}
      sections={(props) => (
        <>
          <VariationsSection {...props} />
          <TargetsSection {...props} />
          <RulesSection {...props} />
          <FallthroughSection {...props} />
          <OffSection {...props} />
          <PrerequisitesSection {...props} flags={flags} />
        </>
      )}
    />
  );
}
