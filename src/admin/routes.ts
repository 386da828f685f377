import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Actor } from '../access/index.js';
import { parseInput } from '../web/http.js';
import { form, formPage, page, routeCall, type RouteCall } from '../web/route.js';
import {
  sideLabel,
  sideRadios,
  statusTag,
  submittedList,
  submittedText,
  teamCheckboxes,
  type InvitationLink,
} from './present.js';
import { ZChangeTeams, ZCreateTeam, ZInviteUser, flashMessage } from './schemas.js';
import type { AdminService } from './service.js';

const USERS = 'admin/views/users.njk';
const USER = 'admin/views/user.njk';
const USER_NEW = 'admin/views/user-new.njk';
const SIGN_IN_LINK = 'admin/views/sign-in-link.njk';
const TEAMS = 'admin/views/teams.njk';
const TEAM_NEW = 'admin/views/team-new.njk';

/** Users and teams of the administrator's own organisation. */
export function adminRoutes(app: FastifyInstance, { admin }: { admin: AdminService }): void {
  /** A user's page; `extra` carries the teams form's errors and the teams ticked. */
  const userPage = async (
    actor: Actor,
    userId: string,
    extra: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> => {
    const user = await admin.userDetails(actor, userId);
    const teams = await admin.listTeams(actor);
    const checked = Array.isArray(extra.checkedTeams) ? (extra.checkedTeams as string[]) : user.teams.map((team) => team.id);
    return {
      title: user.displayName,
      backLink: '/admin/users',
      user: {
        ...user,
        statusTag: statusTag(user.status),
        teams: user.teams.map((team) => ({ name: team.name, side: sideLabel(team.side) })),
      },
      teamItems: teamCheckboxes(teams, checked),
      ...extra,
    };
  };

  const linkPage = (link: InvitationLink, reason: 'invited' | 'reset'): Record<string, unknown> => ({
    title: reason === 'invited' ? 'User invited' : 'Account reset',
    reason,
    link: {
      userId: link.userId,
      displayName: link.displayName,
      email: link.email,
      url: link.activationUrl,
      expiresAt: link.expiresAt,
    },
  });

  /**
   * A button on a user's page, with nothing typed: POST does it and says where to go next (a 303)
   * or answers itself. A refusal (her own account) is the error page, not a form shown again.
   */
  const button = <Url extends string>(url: Url, run: (call: RouteCall<Url>) => Promise<string | FastifyReply>) =>
    app.post(url, async (request, reply) => {
      const next = await run(routeCall<Url>(request, reply));
      return typeof next === 'string' ? reply.redirect(next, 303) : next;
    });

  page(app, '/admin/users', USERS, async ({ actor }) => {
    const users = await admin.listUsers(actor);
    return {
      title: 'Users',
      users: users.map((user) => ({
        id: user.id,
        displayName: user.displayName,
        email: user.email,
        isYou: user.isYou,
        teams: user.teams.map((team) => team.name),
        statusTag: statusTag(user.status),
      })),
    };
  });

  // The sign-in link is shown on this response only, not after a redirect.
  formPage(app, {
    url: '/admin/users/new',
    view: USER_NEW,
    context: async ({ actor }, form) => {
      const teams = await admin.listTeams(actor);
      return {
        title: 'Invite a user',
        backLink: '/admin/users',
        values: form ? { displayName: submittedText(form.displayName), email: submittedText(form.email) } : {},
        teamItems: teamCheckboxes(teams, form ? submittedList(form.teams) : []),
      };
    },
    save: async ({ actor, origin, reply }, form) => {
      const link = await admin.inviteUser(actor, parseInput(ZInviteUser, form), origin);
      return reply.view(SIGN_IN_LINK, linkPage(link, 'invited'));
    },
  });

  page(app, '/admin/users/:id', USER, ({ actor, params, query }) =>
    userPage(actor, params.id, { flash: flashMessage(query.done) }),
  );

  form(app, {
    url: '/admin/users/:id/teams',
    view: USER,
    context: ({ actor, params }, form) => userPage(actor, params.id, { checkedTeams: submittedList(form.teams) }),
    save: async ({ actor, params, origin }, form) => {
      const input = parseInput(ZChangeTeams, form);
      await admin.changeTeams(actor, params.id, input.teams, origin);
      return `/admin/users/${encodeURIComponent(params.id)}?done=teams`;
    },
  });

  button('/admin/users/:id/deactivate', async ({ actor, params, origin }) => {
    await admin.deactivateUser(actor, params.id, origin);
    return `/admin/users/${encodeURIComponent(params.id)}?done=deactivated`;
  });

  button('/admin/users/:id/reactivate', async ({ actor, params, origin }) => {
    await admin.reactivateUser(actor, params.id, origin);
    return `/admin/users/${encodeURIComponent(params.id)}?done=reactivated`;
  });

  // The new link is shown on this response only: it is not stored anywhere it could be shown again.
  button('/admin/users/:id/reset', async ({ actor, params, origin, reply }) =>
    reply.view(SIGN_IN_LINK, linkPage(await admin.resetUser(actor, params.id, origin), 'reset')),
  );

  page(app, '/admin/teams', TEAMS, async ({ actor, query }) => {
    const teams = await admin.listTeams(actor);
    return {
      title: 'Teams',
      flash: query.created ? 'Team created' : undefined,
      teams: teams.map((team) => ({ id: team.id, name: team.name, side: sideLabel(team.side), memberCount: team.memberCount })),
    };
  });

  formPage(app, {
    url: '/admin/teams/new',
    view: TEAM_NEW,
    context: ({ actor }, form) => {
      admin.ensureAdministrator(actor);
      return {
        title: 'Create a team',
        backLink: '/admin/teams',
        values: form ? { name: submittedText(form.name) } : {},
        sideItems: sideRadios(form?.side),
      };
    },
    save: async ({ actor, origin }, form) => {
      await admin.createTeam(actor, parseInput(ZCreateTeam, form), origin);
      return '/admin/teams?created=1';
    },
  });
}
