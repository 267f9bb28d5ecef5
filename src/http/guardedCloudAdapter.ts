import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';

/**
 * A CloudAdapter whose two halves the HTTP edge can call apart: authenticate first (so limits and
 * checks run only for a verified sender), then run the turn. `CloudAdapter.process` does both at once
 * and answers failures itself, with the internal error message as the response body.
 */
export class GuardedCloudAdapter extends CloudAdapter {
  /** Verifies the request's Bot Framework token (or accepts it unchecked in local mode); throws `AuthenticationError`. */
  authenticate(authHeader: string, activity: Activity): Promise<AuthenticateRequestResult> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
  }

  /** Runs the middleware and `logic` for an authenticated activity; the result carries expectReplies' buffered replies. */
  runAuthenticatedTurn(
    authentication: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authentication, activity, logic);
  }
}
