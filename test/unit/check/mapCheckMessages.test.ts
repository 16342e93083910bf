import assert from 'node:assert/strict';
import { isWebviewMessage } from '../../../src/core/map/mapMessages';

describe('check: the Connectivity tab’s message to the host', () => {
  it('runCheck is accepted; unknown or malformed messages are not', () => {
    assert.ok(isWebviewMessage({ type: 'runCheck' }));
    assert.ok(!isWebviewMessage({ type: 'runCheckNow' }));
    assert.ok(!isWebviewMessage({ type: 'check', report: null, context: 'x' }), 'a host message is not a webview message');
    assert.ok(!isWebviewMessage('runCheck'));
  });
});
