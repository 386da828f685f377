import type { FastifyInstance, FastifyReply } from 'fastify';
import { homeFor, type Actor } from '../access/index.js';
import type { Config } from '../config.js';
import { InvalidInputError } from '../errors.js';
import { SESSION_COOKIE, isInvalidInput, originOf, parseInput, renderFormErrors } from '../web/http.js';
import { form, page } from '../web/route.js';
import { ZChangePassword, ZSetPassword, ZSignIn, safeReturnPath } from './schemas.js';
import type { IdentityService } from './service.js';

const SIGN_IN = 'identity/views/sign-in.njk';
const ACTIVATE = 'identity/views/activate.njk';
const ACCOUNT = 'identity/views/account.njk';

export function identityRoutes(app: FastifyInstance, { identity }: { identity: IdentityService }, config: Config): void {
  const setSessionCookie = (reply: FastifyReply, token: string): void => {
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.cookieSecure,
      path: '/',
      maxAge: config.sessionAbsoluteHours * 3600,
    });
  };

  app.get('/', async (request, reply) => {
    return reply.redirect(request.actor ? homeFor(request.actor) : '/sign-in', 303);
  });

  app.get<{ Querystring: { returnTo?: string } }>('/sign-in', async (request, reply) => {
    if (request.actor) {
      return reply.redirect(homeFor(request.actor), 303);
    }
    return reply.view(SIGN_IN, { title: 'Sign in', values: {}, returnTo: safeReturnPath(request.query.returnTo) });
  });

  app.post(
    '/sign-in',
    { config: { rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = { email: typeof body.email === 'string' ? body.email : '' };
      const returnTo = safeReturnPath(typeof body.returnTo === 'string' ? body.returnTo : undefined);
      try {
        const input = parseInput(ZSignIn, body);
        const result = await identity.signIn(input.email, input.password, originOf(request));
        if (!result.ok) {
          throw new InvalidInputError(result.message, { email: result.message });
        }
        setSessionCookie(reply, result.sessionToken);
        return reply.redirect(returnTo ?? homeFor(result.actor), 303);
      } catch (error) {
        if (isInvalidInput(error)) {
          return renderFormErrors(reply, SIGN_IN, { title: 'Sign in', values, returnTo }, error);
        }
        throw error;
      }
    },
  );

  app.post('/sign-out', async (request, reply) => {
    if (request.sessionToken) {
      await identity.signOut(request.sessionToken, request.actor, originOf(request));
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/sign-in?signedOut=1', 303);
  });

  app.get<{ Params: { token: string } }>('/account/activate/:token', async (request, reply) => {
    const invited = await identity.invitation(request.params.token);
    return reply.view(ACTIVATE, { title: 'Set your password', invited, token: request.params.token });
  });

  app.post<{ Params: { token: string } }>(
    '/account/activate/:token',
    { config: { rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const { token } = request.params;
      try {
        const input = parseInput(ZSetPassword, request.body);
        const { sessionToken } = await identity.acceptInvitation(token, input.password, input.confirmation, originOf(request));
        setSessionCookie(reply, sessionToken);
        return reply.redirect('/', 303);
      } catch (error) {
        if (isInvalidInput(error)) {
          const invited = await identity.invitation(token);
          return renderFormErrors(reply, ACTIVATE, { title: 'Set your password', invited, token }, error);
        }
        throw error;
      }
    },
  );

  // Signed in from here on.
  const accountPage = ({ actor }: { actor: Actor }) => ({ title: 'Your account', sides: [...actor.sides] });

  page(app, '/account', ACCOUNT, (call) => ({
    ...accountPage(call),
    flash: call.query.changed ? 'Your password has been changed' : undefined,
  }));

  form(app, {
    url: '/account/password',
    view: ACCOUNT,
    context: accountPage,
    save: async ({ actor, origin, request }, form) => {
      const input = parseInput(ZChangePassword, form);
      await identity.changePassword(actor, request.sessionToken ?? '', input.current, input.password, input.confirmation, origin);
      return '/account?changed=1';
    },
  });
}
