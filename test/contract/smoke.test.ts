import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/index.js';

test('analyze returns the contract schema id', () => {
  const a = analyze({ text: 'Hello world.' });
  assert.equal(a.schema, 'dossier/analysis@1');
});
