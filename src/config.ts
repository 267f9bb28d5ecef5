import { z } from 'zod';
import { SUPPORTED_LOCALES } from './locale.js';
import { parseDuration } from './util/duration.js';

/** Raised when the environment cannot be parsed; its message is one line naming the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const port = z.coerce.number().int().min(0).max(65535);

/** A duration in whole seconds ("86400") or with units ("24h", "90d", "1h30m"), parsed to milliseconds; 0 turns it off. */
const duration = z.string().transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration` });
    return z.NEVER;
  }
  return ms;
});

/** An http(s) URL without a trailing slash, so paths can be appended with `/`. */
const baseUrl = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, ''));

/** A comma-separated list of web origins (`https://a.gov.cn,https://b.gov.cn`), each reduced to scheme://host[:port]. */
const originList = z.string().transform((value, ctx) => {
  const origins: string[] = [];
  for (const item of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    const parsed = URL.canParse(item) ? new URL(item) : undefined;
    if (!parsed || !/^https?:$/.test(parsed.protocol)) {
      ctx.addIssue({ code: 'custom', message: `"${item}" is not an http(s) origin` });
      return z.NEVER;
    }
    origins.push(parsed.origin);
  }
  return origins;
});

/** Each variable, with the words used in the error when its value is refused. */
const ConfigSchema = z.object({
  PORT: port.default(3978).describe('an integer port from 0 to 65535'),
  HOST: z.string().min(1).optional().describe('a host name or IP address to bind, e.g. 127.0.0.1 or 0.0.0.0'),
  STATE_STORE: z.enum(['lowdb', 'memory', 'redis']).default('lowdb').describe('one of lowdb, memory, redis'),
  STATE_PATH: z.string().min(1).default('./data').describe('a directory path for the lowdb store'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .default('redis://127.0.0.1:6379')
    .describe('a redis:// URL'),
  REDIS_KEY_PREFIX: z.string().min(1).default('ssa:').describe('a prefix for every Redis key, e.g. ssa:prod: (lets deployments share one Redis)'),
  CONVERSATION_TTL: duration
    .default(24 * 3_600_000)
    .describe('a duration after which idle conversation state is forgotten: seconds (86400) or with a unit (24h, 30m, 7d); 0 keeps it forever'),
  USER_TTL: duration
    .default(90 * 86_400_000)
    .describe('a duration after which idle user state is forgotten: seconds or with a unit (90d, 12w); 0 keeps it forever'),
  STATE_SWEEP_INTERVAL: duration
    .default(3_600_000)
    .describe('how often the lowdb and memory stores sweep out expired state: seconds or with a unit (1h, 10m); 0 turns the sweep off'),
  DEFAULT_LOCALE: z.enum(SUPPORTED_LOCALES).default('zh-CN').describe(`one of ${SUPPORTED_LOCALES.join(', ')}`),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('one of fatal, error, warn, info, debug, trace, silent'),
  MicrosoftAppId: z.string().default('').describe('the bot\'s Azure app id (empty for local Emulator mode)'),
  MicrosoftAppPassword: z.string().default('').describe('the app password (client secret)'),
  MicrosoftAppType: z
    .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'])
    .default('MultiTenant')
    .describe('one of MultiTenant, SingleTenant, UserAssignedMSI'),
  MicrosoftAppTenantId: z.string().default('').describe('the Azure tenant id (SingleTenant and UserAssignedMSI)'),
  ALLOW_UNAUTHENTICATED: booleanFlag.default(false).describe('true or false'),
  ALLOWED_SERVICE_URLS: originList
    .default([])
    .describe('a comma-separated list of http(s) origins that local mode may post replies to besides loopback, e.g. http://10.0.0.5:5000'),
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(0).default(600).describe('requests per minute from one address, 0 for no limit'),
  RATE_LIMIT_PER_CONVERSATION: z.coerce.number().int().min(0).default(60).describe('messages per minute in one conversation, 0 for no limit'),
  MAX_CONCURRENT_TURNS: z.coerce.number().int().min(0).default(200).describe('turns processed at once, 0 for no cap'),
  TURN_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(15000)
    .describe('milliseconds a turn may run before its conversation moves on without it (the user gets an apology), 0 for no limit'),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(0).default(15000).describe('milliseconds to receive a whole request, 0 for none'),
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1).default(10000).describe('milliseconds to receive the request headers'),
  IDLE_TIMEOUT_MS: z.coerce.number().int().min(0).default(30000).describe('milliseconds a connection may stay silent, 0 for no limit'),
  DIRECTLINE_SECRET: z.string().optional().describe('the Azure Direct Line channel secret; leave unset to serve Direct Line from this bot'),
  DIRECTLINE_ENDPOINT: baseUrl
    .default('https://directline.botframework.com/v3/directline')
    .describe('the Azure Direct Line base URL, e.g. https://directline.botframework.com/v3/directline'),
  PUBLIC_URL: baseUrl.optional().describe('the public http(s) URL of this bot, e.g. https://chat.example.gov.cn'),
  TRUSTED_ORIGINS: originList.default([]).describe('a comma-separated list of http(s) origins allowed to embed the chat, e.g. https://www.example.gov.cn'),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Parses the environment once. Empty strings count as unset, as in a `.env` file with `X=`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') input[key] = value.trim();
  }
  const result = ConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = String(issue?.path[0] ?? 'environment');
  const field = ConfigSchema.shape[name as keyof typeof ConfigSchema.shape];
  const accepts = field?.description ?? issue?.message ?? 'a valid value';
  throw new ConfigError(`Invalid ${name}=${JSON.stringify(input[name] ?? '')}: expected ${accepts}.`);
}

/** Local (Emulator) mode: no app id, so no token is checked and replies may only go to loopback. */
export function isLocalMode(config: Config): boolean {
  return config.MicrosoftAppId === '';
}
