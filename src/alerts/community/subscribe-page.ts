import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SosError } from '../../platform/errors.js';
import { type CommunityLanguage, communityLanguages } from './community-vocabulary.js';
import { RequestRate } from './request-rate.js';
import { pageWords } from './subscribe-page-words.js';
import {
  confirmByLink,
  readConfirmation,
  readSubscriptionChoices,
  requestSubscription,
  type SubscriptionDependencies,
  stopByLink,
} from './subscription-service.js';

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Text made safe inside HTML, as content or a quoted attribute. */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => entities[c] ?? c);

const STYLE = `body{font-family:system-ui,sans-serif;max-width:34rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1b1b1b;font-size:1.05rem}
h1{font-size:1.5rem;margin:.5rem 0}fieldset{border:1px solid #767676;border-radius:6px;margin:1rem 0;padding:.5rem .75rem}
legend{font-weight:600;padding:0 .25rem}label{display:flex;gap:.5rem;align-items:center;min-height:44px}
.areas{max-height:16rem;overflow-y:auto}input[type=tel],input[type=email]{width:100%;box-sizing:border-box;font-size:1rem;padding:.6rem;border:1px solid #767676;border-radius:4px}
.field{display:block;margin:.5rem 0}.field span{display:block;font-weight:600}
button{font-size:1.05rem;padding:.75rem 1.25rem;background:#0b5394;color:#fff;border:0;border-radius:6px;min-height:44px;width:100%}
.note{background:#f3f6f9;border-left:4px solid #0b5394;padding:.5rem .75rem}.error{background:#fdecea;border-left:4px solid #b00020;padding:.5rem .75rem}
a{color:#0b5394}`;

/** A small page with no script (the document CSP lets none run), in its language. */
function page(language: CommunityLanguage, title: string, body: string): string {
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

const languageQuery = z.object({ lang: z.enum(communityLanguages).default('en') }).strict();

/** The sign-up form: areas, channel, address, audience; nothing else is asked. */
function signUpForm(
  language: CommunityLanguage,
  choices: { jurisdictionName: string; shortName: string; areas: { id: string; name: string }[] },
  error: string | null,
): string {
  const w = pageWords[language];
  const other = language === 'en' ? 'es' : 'en';
  const areas = choices.areas
    .map(
      (a) =>
        `<label><input type="checkbox" name="area" value="${escapeHtml(a.id)}"> ${escapeHtml(a.name)}</label>`,
    )
    .join('');
  const action = `/alerts/subscribe/${encodeURIComponent(choices.shortName)}`;
  return page(
    language,
    w.title,
    `<p><a href="${action}?lang=${other}" lang="${other}">${escapeHtml(w.otherLanguage)}</a></p>
<p>${escapeHtml(w.intro(choices.jurisdictionName))}</p>
<p class="note">${escapeHtml(w.what)} ${escapeHtml(w.stopHow)}</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${action}">
<input type="hidden" name="lang" value="${language}">
<fieldset><legend>${escapeHtml(w.areas)}</legend><p>${escapeHtml(w.areasHint)}</p><div class="areas">${areas}</div></fieldset>
<fieldset><legend>${escapeHtml(w.how)}</legend>
<label><input type="radio" name="channel" value="sms" checked> ${escapeHtml(w.sms)}</label>
<label class="field"><span>${escapeHtml(w.phone)}</span><input type="tel" name="phone" autocomplete="tel" inputmode="tel"></label>
<label><input type="radio" name="channel" value="email"> ${escapeHtml(w.email)}</label>
<label class="field"><span>${escapeHtml(w.emailAddress)}</span><input type="email" name="email" autocomplete="email"></label>
</fieldset>
<fieldset><legend>${escapeHtml(w.audience)}</legend>
<label><input type="radio" name="audience" value="public" checked> ${escapeHtml(w.audiencePublic)}</label>
<label><input type="radio" name="audience" value="people_who_use_drugs"> ${escapeHtml(w.audiencePwud)}</label>
</fieldset>
<button type="submit">${escapeHtml(w.submit)}</button>
</form>
<p>${escapeHtml(w.emergency)}</p>`,
  );
}

/** The sign-up form's body as a browser posts it (urlencoded; areas repeat). */
const signUpBody = z
  .object({
    lang: z.enum(communityLanguages).default('en'),
    area: z.union([z.string().max(200), z.array(z.string().max(200)).max(500)]).optional(),
    channel: z.enum(['sms', 'email']),
    phone: z.string().max(40).optional(),
    email: z.string().max(320).optional(),
    audience: z.enum(['public', 'people_who_use_drugs']).default('public'),
  })
  .strict();

/** What a page says for a refused request: the message of the error, in the page's language for links. */
function refusalText(language: CommunityLanguage, error: unknown): { status: number; text: string } {
  if (!(error instanceof SosError)) throw error;
  const w = pageWords[language];
  if (error.code === 'NOT_FOUND') return { status: 404, text: w.invalid };
  if (error.code === 'COMMUNITY_CONFIRMATION_EXPIRED') return { status: 410, text: w.expired };
  return { status: error.status, text: error.message };
}

/** Reads an urlencoded form: repeated names become arrays. */
function parseForm(body: string): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const before = form[key];
    form[key] = before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value];
  }
  return form;
}

const html = (reply: FastifyReply, status: number, body: string) =>
  reply.status(status).type('text/html; charset=utf-8').send(body);

/**
 * The public pages of community alerts, server-rendered with no script: the sign-up form (phone
 * first, English and Spanish), the email confirmation link's page (a button, so a mail scanner that
 * opens links confirms nothing) and the email stop link's page.
 */
export function registerSubscribePages(app: FastifyInstance, deps: SubscriptionDependencies): void {
  const rate = new RequestRate(10, 60_000);
  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 32 * 1024 },
      (_r, body, done) => done(null, parseForm(body as string)),
    );
    const typed = scope.withTypeProvider<ZodTypeProvider>();
    const config = { answersEveryoneAlike: true };
    const jurisdictionParams = z.object({ jurisdiction: z.string().min(1).max(64) }).strict();
    const choicesOf = async (request: FastifyRequest, jurisdiction: string) => {
      const { jurisdiction: found, areas } = await readSubscriptionChoices(deps, request.actor, jurisdiction);
      return { jurisdictionName: found.name, shortName: found.shortName, areas };
    };

    typed.get(
      '/alerts/subscribe/:jurisdiction',
      { config, schema: { hide: true, params: jurisdictionParams, querystring: languageQuery } },
      async (request, reply) => {
        const choices = await choicesOf(request, request.params.jurisdiction);
        return html(reply, 200, signUpForm(request.query.lang, choices, null));
      },
    );
    typed.post(
      '/alerts/subscribe/:jurisdiction',
      {
        config,
        // Counted once the form is valid: a sign-up writes rows and sends a message, a refusal neither.
        preHandler: async (request) => rate.take(request.ip, Date.now()),
        schema: { hide: true, params: jurisdictionParams, body: signUpBody },
      },
      async (request, reply) => {
        const { lang, channel, audience } = request.body;
        const w = pageWords[lang];
        try {
          const area = request.body.area;
          await requestSubscription(deps, request.actor, {
            jurisdiction: request.params.jurisdiction,
            channel,
            address: (channel === 'sms' ? request.body.phone : request.body.email) ?? '',
            areaIds: area === undefined ? [] : Array.isArray(area) ? area : [area],
            audience,
            language: lang,
          });
        } catch (error) {
          if (!(error instanceof SosError) || error.code !== 'VALIDATION_FAILED') throw error;
          const choices = await choicesOf(request, request.params.jurisdiction);
          return html(reply, 400, signUpForm(lang, choices, error.message));
        }
        const next = channel === 'sms' ? w.confirmSms : w.confirmEmail;
        return html(
          reply,
          200,
          page(
            lang,
            w.title,
            `<p class="note" role="status">${escapeHtml(next)}</p><p>${escapeHtml(w.nothingUntil)}</p><p>${escapeHtml(w.stopHow)}</p>`,
          ),
        );
      },
    );

    const tokenParams = z.object({ token: z.string().min(1).max(100) }).strict();
    typed.get(
      '/alerts/confirm/:token',
      { config, schema: { hide: true, params: tokenParams } },
      async (request, reply) => {
        try {
          const view = await readConfirmation(deps, request.actor, request.params.token);
          const w = pageWords[view.language];
          return html(
            reply,
            200,
            page(
              view.language,
              w.confirmTitle,
              `<p>${escapeHtml(w.confirmAsk(view.areaNames.join(', ')))}</p>
<form method="post" action="/alerts/confirm/${encodeURIComponent(request.params.token)}"><button type="submit">${escapeHtml(w.confirmButton)}</button></form>`,
            ),
          );
        } catch (error) {
          const { status, text } = refusalText('en', error);
          return html(reply, status, page('en', pageWords.en.confirmTitle, `<p>${escapeHtml(text)}</p>`));
        }
      },
    );
    typed.post(
      '/alerts/confirm/:token',
      { config, schema: { hide: true, params: tokenParams } },
      async (request, reply) => {
        try {
          const view = await confirmByLink(deps, request.actor, request.params.token);
          const w = pageWords[view.language];
          return html(
            reply,
            200,
            page(
              view.language,
              w.confirmTitle,
              `<p class="note" role="status">${escapeHtml(w.confirmed(view.areaNames.join(', ')))}</p><p>${escapeHtml(w.stopHow)}</p>`,
            ),
          );
        } catch (error) {
          const { status, text } = refusalText('en', error);
          return html(reply, status, page('en', pageWords.en.confirmTitle, `<p>${escapeHtml(text)}</p>`));
        }
      },
    );

    const stopParams = z
      .object({ jurisdictionId: z.uuid(), subscriberId: z.uuid(), code: z.string().min(1).max(100) })
      .strict();
    const stopUrl = '/alerts/stop/:jurisdictionId/:subscriberId/:code';
    typed.get(
      stopUrl,
      { config, schema: { hide: true, params: stopParams, querystring: languageQuery } },
      async (request, reply) => {
        const w = pageWords[request.query.lang];
        const { jurisdictionId, subscriberId, code } = request.params;
        const action = `/alerts/stop/${jurisdictionId}/${subscriberId}/${encodeURIComponent(code)}`;
        return html(
          reply,
          200,
          page(
            request.query.lang,
            w.stopTitle,
            `<p>${escapeHtml(w.stopAsk)}</p><form method="post" action="${action}"><button type="submit">${escapeHtml(w.stopButton)}</button></form>`,
          ),
        );
      },
    );
    typed.post(stopUrl, { config, schema: { hide: true, params: stopParams } }, async (request, reply) => {
      try {
        const { language } = await stopByLink(deps, request.actor, request.params);
        const w = pageWords[language];
        return html(
          reply,
          200,
          page(language, w.stopTitle, `<p class="note" role="status">${escapeHtml(w.stopped)}</p>`),
        );
      } catch (error) {
        const { status, text } = refusalText('en', error);
        return html(reply, status, page('en', pageWords.en.stopTitle, `<p>${escapeHtml(text)}</p>`));
      }
    });
  });
}
