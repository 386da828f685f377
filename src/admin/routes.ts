import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Actor } from '../access/index.js';
import { AppError } from '../errors.js';
import { originOf, parseInput, requireActor } from '../web/http.js';
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

type UserParams = { Params: { id: string } };

/** A form error to show beside its fields (bad input 400, or a rule such as the wall 409). */
function isFormProblem(error: unknown): error is AppError {
  return error instanceof AppError && (error.status === 400 || error.status === 409) && Object.keys(error.fields).length > 0;
}

function renderProblem(reply: FastifyReply, template: string, context: Record<string, unknown>, error: AppError): FastifyReply {
  return reply.status(error.status).view(template, { ...context, errors: error.fields, errorMessage: error.message });
}

/** Users and teams of the administrator's own organisation. */
export function adminRoutes(app: FastifyInstance, { admin }: { admin: AdminService }): void {
  const body = (value: unknown): Record<string, unknown> =>
    value && typeof value === 'object' ? (value as Record<string, unknown>) : {};

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

  app.get('/admin/users', async (request, reply) => {
    const actor = requireActor(request);
    const users = await admin.listUsers(actor);
    return reply.view(USERS, {
      title: 'Users',
      users: users.map((user) => ({
        id: user.id,
        displayName: user.displayName,
        email: user.email,
        isYou: user.isYou,
        teams: user.teams.map((team) => team.name),
        statusTag: statusTag(user.status),
      })),
    });
  });

  app.get('/admin/users/new', async (request, reply) => {
    const actor = requireActor(request);
    const teams = await admin.listTeams(actor);
    return reply.view(USER_NEW, {
      title: 'Invite a user',
      backLink: '/admin/users',
      values: {},
      teamItems: teamCheckboxes(teams, []),
    });
  });

  app.post('/admin/users/new', async (request, reply) => {
    const actor = requireActor(request);
    const form = body(request.body);
    try {
      const input = parseInput(ZInviteUser, form);
      const link = await admin.inviteUser(actor, input, originOf(request));
      return reply.view(SIGN_IN_LINK, linkPage(link, 'invited'));
    } catch (error) {
      if (isFormProblem(error)) {
        const teams = await admin.listTeams(actor);
        const values = { displayName: submittedText(form.displayName), email: submittedText(form.email) };
        const context = {
          title: 'Invite a user',
          backLink: '/admin/users',
          values,
          teamItems: teamCheckboxes(teams, submittedList(form.teams)),
        };
        return renderProblem(reply, USER_NEW, context, error);
      }
      throw error;
    }
  });

  app.get<UserParams & { Querystring: { done?: string } }>('/admin/users/:id', async (request, reply) => {
    const actor = requireActor(request);
    return reply.view(USER, await userPage(actor, request.params.id, { flash: flashMessage(request.query.done) }));
  });

  app.post<UserParams>('/admin/users/:id/teams', async (request, reply) => {
    const actor = requireActor(request);
    const form = body(request.body);
    try {
      const input = parseInput(ZChangeTeams, form);
      await admin.changeTeams(actor, request.params.id, input.teams, originOf(request));
      return reply.redirect(`/admin/users/${encodeURIComponent(request.params.id)}?done=teams`, 303);
    } catch (error) {
      if (isFormProblem(error)) {
        return renderProblem(
          reply,
          USER,
          await userPage(actor, request.params.id, { checkedTeams: submittedList(form.teams) }),
          error,
        );
      }
      throw error;
    }
  });

  app.post<UserParams>('/admin/users/:id/deactivate', async (request, reply) => {
    const actor = requireActor(request);
    await admin.deactivateUser(actor, request.params.id, originOf(request));
    return reply.redirect(`/admin/users/${encodeURIComponent(request.params.id)}?done=deactivated`, 303);
  });

  app.post<UserParams>('/admin/users/:id/reactivate', async (request, reply) => {
    const actor = requireActor(request);
    await admin.reactivateUser(actor, request.params.id, originOf(request));
    return reply.redirect(`/admin/users/${encodeURIComponent(request.params.id)}?done=reactivated`, 303);
  });

  // The new link is shown on this response only: it is not stored anywhere it could be shown again.
  app.post<UserParams>('/admin/users/:id/reset', async (request, reply) => {
    const actor = requireActor(request);
    const link = await admin.resetUser(actor, request.params.id, originOf(request));
    return reply.view(SIGN_IN_LINK, linkPage(link, 'reset'));
  });

  app.get<{ Querystring: { created?: string } }>('/admin/teams', async (request, reply) => {
    const actor = requireActor(request);
    const teams = await admin.listTeams(actor);
    return reply.view(TEAMS, {
      title: 'Teams',
      flash: request.query.created ? 'Team created' : undefined,
      teams: teams.map((team) => ({ id: team.id, name: team.name, side: sideLabel(team.side), memberCount: team.memberCount })),
    });
  });

  app.get('/admin/teams/new', async (request, reply) => {
    const actor = requireActor(request);
    admin.ensureAdministrator(actor);
    return reply.view(TEAM_NEW, {
      title: 'Create a team',
      backLink: '/admin/teams',
      values: {},
      sideItems: sideRadios(undefined),
    });
  });

  app.post('/admin/teams/new', async (request, reply) => {
    const actor = requireActor(request);
    const form = body(request.body);
    try {
      const input = parseInput(ZCreateTeam, form);
      await admin.createTeam(actor, input, originOf(request));
      return reply.redirect('/admin/teams?created=1', 303);
    } catch (error) {
      if (isFormProblem(error)) {
        admin.ensureAdministrator(actor);
        const context = {
          title: 'Create a team',
          backLink: '/admin/teams',
          values: { name: submittedText(form.name) },
          sideItems: sideRadios(form.side),
        };
        return renderProblem(reply, TEAM_NEW, context, error);
      }
      throw error;
    }
  });
}
