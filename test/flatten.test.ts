// flatten(): the flat text of a value, its pieces (kept packed, made on request) and the way back
// from the flat text to each scalar. Rules report positions through it, so a wrong piece would be
// a finding at the wrong column.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { flatten } from '../src/model/flatten.ts';
import { OPAQUE } from '../src/model/slots.ts';
import { get, type Node, type ScalarNode } from '../src/parse/nodes.ts';
import { parseYamlFast } from '../src/parse/fast-yaml.ts';
import { parseYaml } from '../src/parse/yaml.ts';

/** The `Uri` value of a one-key YAML document, from both YAML parsers. */
function uriValues(yaml: string): Node[] {
  const trees = [parseYamlFast(yaml), parseYaml(yaml)];
  return trees.map((tree) => {
    assert.ok(tree?.root, 'the document parses');
    return get(tree.root, 'Uri')!;
  });
}

describe('flatten', () => {
  it('replaces the variables of an Fn::Sub with OPAQUE and keeps the stage variables', () => {
    for (const value of uriValues('Uri: !Sub "arn:${AWS::Partition}:lambda:${AWS::Region}:function:${stageVariables.fn}"\n')) {
      const flat = flatten(value);
      assert.equal(flat.text, `arn:${OPAQUE}:lambda:${OPAQUE}:function:\${stageVariables.fn}`);
      const scalar = (value.kind === 'map' ? value.entries[0]!.value : value) as ScalarNode;
      assert.deepEqual(flat.pieces, [
        { flatStart: 0, length: 4, scalar, scalarStart: 0 },
        { flatStart: 4, length: 1, opaque: 'AWS::Partition' },
        { flatStart: 5, length: 8, scalar, scalarStart: 21 },
        { flatStart: 13, length: 1, opaque: 'AWS::Region' },
        { flatStart: 14, length: 30, scalar, scalarStart: 43 },
      ]);
      assert.equal(flat.opaqueAt(4), 'AWS::Partition');
      assert.equal(flat.opaqueAt(13), 'AWS::Region');
      assert.equal(flat.opaqueAt(5), undefined, 'a literal piece is not opaque');
      // `${stageVariables.fn}` starts at 53 in the decoded scalar and at 24 in the flat text.
      assert.equal(flat.indexOf(scalar, 53), 24);
      assert.equal(flat.indexOf(scalar, 10), -1, 'inside ${AWS::Partition}, which the flat text replaced');
    }
  });

  it('joins the items of an Fn::Join with its separator, each item a piece of its own scalar', () => {
    for (const value of uriValues('Uri: !Join [":", [arn, !Ref AWS::Partition, "${stageVariables.fn}"]]\n')) {
      const flat = flatten(value);
      assert.equal(flat.text, `arn:${OPAQUE}:\${stageVariables.fn}`);
      const pieces = flat.pieces;
      assert.deepEqual(
        pieces.map(({ flatStart, length, opaque, scalarStart }) => ({ flatStart, length, opaque, scalarStart })),
        [
          { flatStart: 0, length: 3, opaque: undefined, scalarStart: 0 },
          { flatStart: 3, length: 1, opaque: undefined, scalarStart: undefined },
          { flatStart: 4, length: 1, opaque: 'Ref AWS::Partition', scalarStart: undefined },
          { flatStart: 5, length: 1, opaque: undefined, scalarStart: undefined },
          { flatStart: 6, length: 20, opaque: undefined, scalarStart: 0 },
        ],
      );
      const last = pieces[4]!.scalar!;
      assert.equal(last.value, '${stageVariables.fn}');
      assert.equal(flat.indexOf(last, 2), 8);
      assert.equal(flat.indexOf(pieces[0]!.scalar!, 3), 3, 'the end of a piece maps too (token ends are exclusive)');
    }
  });

  it('makes new piece objects on each read, equal each time', () => {
    const [value] = uriValues('Uri: !Sub "http://${Host}/${stageVariables.path}"\n');
    const flat = flatten(value!);
    assert.notEqual(flat.pieces, flat.pieces);
    assert.deepEqual(flat.pieces, flat.pieces);
  });

  it('passes opaque descriptions through the intern function it is given', () => {
    const [value] = uriValues('Uri: !Sub "${AWS::Region}/${AWS::Region}"\n');
    const seen: string[] = [];
    const flat = flatten(value!, (text) => {
      seen.push(text);
      return 'shared';
    });
    assert.deepEqual(seen, ['AWS::Region', 'AWS::Region']);
    assert.deepEqual(flat.pieces.filter((piece) => piece.opaque !== undefined).map((piece) => piece.opaque), ['shared', 'shared']);
  });
});
