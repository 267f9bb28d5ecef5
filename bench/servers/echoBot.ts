// The stock Bot Framework echo bot: CloudAdapter as the SDK builds it, MemoryStorage, conversation and
// user state saved each turn (a turn counter), as in the SDK's samples. The baseline the targets name.
// With ECHO_CACHING_CLIENTS=true it uses this project's client-caching authentication, to show that saving alone.
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, MemoryStorage, UserState, type TurnContext } from 'botbuilder';
import restify from 'restify';
import { CachingBotFrameworkAuthentication } from '../../src/http/cachingBotFrameworkAuthentication.js';

const authentication = new ConfigurationBotFrameworkAuthentication({});
const adapter = new CloudAdapter(process.env.ECHO_CACHING_CLIENTS === 'true' ? new CachingBotFrameworkAuthentication(authentication) : authentication);
const storage = new MemoryStorage();
const conversationState = new ConversationState(storage);
const userState = new UserState(storage);
const turns = conversationState.createProperty<number>('turns');

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await turns.set(context, (await turns.get(context, 0)) + 1);
      await context.sendActivity(`Echo: ${context.activity.text ?? ''}`);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await Promise.all([conversationState.saveChanges(context, false), userState.saveChanges(context, false)]);
  }
}
const bot = new EchoBot();

const server = restify.createServer({ name: 'bench-echo', handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false, mapFiles: false }));
server.get('/healthz', async (_req, res) => {
  res.send(200, { status: 'ok' });
});
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
