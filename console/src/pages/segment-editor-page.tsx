import type { Segment } from '../../../lib/model/segment';
import { ItemEditorFrame } from '../editor/item-editor-frame';
import { MembersSection, SegmentRulesSection } from '../editor/segment-sections';
import { segmentIssues } from '../editor/validate-draft';

/**
 * The segment editor: included and excluded keys (per context kind) and rules, in the frame
 * every item editor shares ({@link ItemEditorFrame}).
 */
export function SegmentEditorPage({ segmentKey }: { segmentKey: string }) {
  return (
    <ItemEditorFrame<Segment>
      kind="segments"
      itemKey={segmentKey}
      validate={segmentIssues}
      sections={(props) => (
        <>
          <MembersSection {...props} />
          <SegmentRulesSection {...props} />
        </>
      )}
    />
  );
}
