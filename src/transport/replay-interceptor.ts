// nock, confined, as replay's net guard: while a strict replay holds it, every request a client sends is refused
// (replay answers from the cassette in-process, so none should be sent); the last release restores nock and the network.
import nock from 'nock';

export interface ReplayInterceptor {
  release(): void;
}

const state = { holders: 0 };

export function acquireInterceptor(): ReplayInterceptor {
  state.holders += 1;
  if (state.holders === 1) {
    if (!nock.isActive()) nock.activate();
    nock.cleanAll();
    nock.disableNetConnect();
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      state.holders -= 1;
      if (state.holders > 0) return;
      nock.cleanAll();
      nock.enableNetConnect();
      nock.restore();
    },
  };
}
