// HttpClient on Playwright's APIRequestContext: a thin adapter over http-common.ts (redirect limit, body limits,
// failure kinds), kept for the transport tests. Runs no longer use this client (runner/worker.ts): it reads any
// body whole before the limits can apply, and keeps a cookie jar across requests.
import { request, type APIRequestContext } from '@playwright/test';
import { answered, bodyText, classifyError, lowerHeaders, MAX_REDIRECTS, NO_LIMITS, type BodyLimits, type ClientTls } from './http-common.js';
import type { HttpClient } from './types.js';

export async function createPlaywrightClient(tls: ClientTls = {}, limits: BodyLimits = NO_LIMITS): Promise<HttpClient> {
  const ctx: APIRequestContext = await request.newContext({
    ignoreHTTPSErrors: tls.insecureSkipVerify ?? false,
    clientCertificates: tls.clientCertificates,
    maxRedirects: MAX_REDIRECTS,
  });
  return {
    async send(req) {
      const started = performance.now();
      try {
        const res = await ctx.fetch(req.url, {
          method: req.method,
          headers: req.headers,
          data: req.bodyText,
          timeout: req.timeoutMs,
          failOnStatusCode: false,
          maxRedirects: MAX_REDIRECTS,
        });
        // Playwright has already decompressed the body: no encoding to undo.
        const { text, invalidUtf8 } = bodyText(await res.body(), undefined, limits);
        return { response: answered(res.status(), lowerHeaders(res.headers()), text, started, invalidUtf8) };
      } catch (e) {
        return { error: classifyError(e as Error, req) };
      }
    },
    async dispose() {
      await ctx.dispose();
    },
  };
}
