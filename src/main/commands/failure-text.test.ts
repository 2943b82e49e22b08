import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SosError } from '../../platform/errors.js';
import { describeFailure } from './failure-text.js';

describe('describeFailure', () => {
  it('prints a catalog error as its code and message', () => {
    assert.equal(
      describeFailure(new SosError('UNKNOWN_PRESET', 'No preset "x"')),
      'error UNKNOWN_PRESET: No preset "x"',
    );
  });

  it('cuts an unknown error to its first line and never prints its stack unless asked', () => {
    // What a WebAssembly abort inside a minified dependency looks like to Node.
    const bundle = `var Module=function(){${'a=b+c;'.repeat(20_000)}}`;
    const error = new Error(`Aborted(). Build with -sASSERTIONS for more info.\n${bundle}`);
    error.name = 'RuntimeError';
    const text = describeFailure(error);
    assert.equal(
      text,
      'error INTERNAL: RuntimeError: Aborted(). Build with -sASSERTIONS for more info.\n(SOS_DEBUG=1 prints the stack trace)',
    );
    const oneLongLine = describeFailure(new Error(bundle));
    assert.ok(oneLongLine.length < 400, `${oneLongLine.length} characters`);
    assert.match(describeFailure(error, true), /\n\s+at /);
  });
});
