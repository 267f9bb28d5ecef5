import { z } from 'zod';

/** What Azure Direct Line's `POST /tokens/generate` answers. */
const GeneratedTokenSchema = z.object({
  conversationId: z.string().min(1),
  token: z.string().min(1),
  expires_in: z.number().int().positive(),
});

export type GeneratedToken = z.infer<typeof GeneratedTokenSchema>;

/** Azure refused or could not be reached; the message names the cause but never the secret or Azure's reply body. */
export class AzureTokenError extends Error {
  override readonly name = 'AzureTokenError';
}

export interface AzureTokenRequest {
  /** e.g. https://directline.botframework.com/v3/directline */
  endpoint: string;
  secret: string;
  /** A `dl_` user id: Azure embeds it in the token so a page cannot post as someone else. */
  userId: string;
  /** The origins allowed to use the token (Direct Line enhanced authentication). */
  trustedOrigins: readonly string[];
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

/**
 * Exchanges the Direct Line secret for a conversation token. The secret goes only into the
 * Authorization header of this one server-to-server call.
 */
export async function generateAzureToken(request: AzureTokenRequest): Promise<GeneratedToken> {
  const { endpoint, secret, userId, trustedOrigins, fetchImpl = fetch, timeoutMs = 10_000 } = request;
  let response: Response;
  try {
    response = await fetchImpl(`${endpoint}/tokens/generate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: { id: userId }, trustedOrigins }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new AzureTokenError(`Azure Direct Line could not be reached (${(error as Error).name}); check DIRECTLINE_ENDPOINT and the network.`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new AzureTokenError(`Azure Direct Line refused the token request with status ${response.status}; check DIRECTLINE_SECRET.`);
  }
  const parsed = GeneratedTokenSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new AzureTokenError('Azure Direct Line answered the token request with an unexpected body.');
  return parsed.data;
}
