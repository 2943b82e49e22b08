import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SosError } from '../platform/errors.js';
import {
  answerDebriefOffer,
  type DebriefAnswer,
  type DebriefAnswerDependencies,
  type DebriefOffer,
  readDebriefOffer,
} from './debrief-answer-service.js';

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Text made safe inside HTML, as content or a quoted attribute. */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => entities[c] ?? c);

/** The three answers the form offers, and what each records. */
const answers: Record<string, { label: string; answer: DebriefAnswer }> = {
  accepted: {
    label: 'I offered a debrief and it was accepted',
    answer: { offer_made: true, offer_accepted: true },
  },
  declined: {
    label: 'I offered a debrief and it was declined',
    answer: { offer_made: true, offer_accepted: false },
  },
  not_made: { label: 'I could not make the offer', answer: { offer_made: false, offer_accepted: null } },
};

/** The form's body: one of the three answers, nothing else. */
const formBody = z.object({ answer: z.enum(['accepted', 'declined', 'not_made']) }).strict();

const kindWords = { fatal: 'a death', pediatric: 'a child', multiple_victim: 'several victims' } as const;

/** A small page with no script (the document CSP lets none run). */
function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
label{display:block;margin:.5rem 0}button{margin-top:1rem;padding:.5rem 1rem}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

/** The form of an open offer. */
function offerForm(token: string, offer: DebriefOffer): string {
  const what = offer.scene_kinds.map((k) => kindWords[k]).join(', ');
  const choices = Object.entries(answers)
    .map(
      ([value, { label }]) =>
        `<label><input type="radio" name="answer" value="${value}" required> ${escapeHtml(label)}</label>`,
    )
    .join('');
  return page(
    'Debrief offer',
    `<p>${escapeHtml(offer.unit_name)} responded on ${escapeHtml(offer.scene_day)} to a scene with ${escapeHtml(what)}.</p>
<p>Record only whether you offered the crew a confidential debrief and whether it was accepted.
Nothing about anyone's health is asked or kept.</p>
<form method="post" action="/debrief-offer/${encodeURIComponent(token)}">${choices}<button type="submit">Record</button></form>`,
  );
}

/** What the page says for an error of the service (unknown, used or expired link). */
function refusal(error: unknown): { status: number; html: string } {
  if (!(error instanceof SosError)) throw error;
  const text =
    error.code === 'DEBRIEF_ALREADY_ANSWERED'
      ? 'This offer has already been recorded. Thank you.'
      : error.code === 'DEBRIEF_LINK_EXPIRED'
        ? 'This link has expired.'
        : error.code === 'NOT_FOUND'
          ? 'This link is not valid.'
          : error.message;
  return { status: error.status, html: page('Debrief offer', `<p>${escapeHtml(text)}</p>`) };
}

/**
 * The page a supervisor's one-time link opens: a form with three choices, posted without any script
 * (a urlencoded form, read here only), answered by the same service as the JSON API.
 */
export function registerDebriefOfferPage(app: FastifyInstance, deps: DebriefAnswerDependencies): void {
  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );
    const typed = scope.withTypeProvider<ZodTypeProvider>();
    const params = z.object({ token: z.string().min(1).max(100) }).strict();
    const config = { answersEveryoneAlike: true };
    typed.get('/debrief-offer/:token', { config, schema: { hide: true, params } }, async (request, reply) => {
      try {
        const offer = await readDebriefOffer(deps, request.params.token);
        const html = offer.answered
          ? page('Debrief offer', '<p>This offer has already been recorded. Thank you.</p>')
          : offerForm(request.params.token, offer);
        return reply.type('text/html; charset=utf-8').send(html);
      } catch (error) {
        const { status, html } = refusal(error);
        return reply.status(status).type('text/html; charset=utf-8').send(html);
      }
    });
    typed.post(
      '/debrief-offer/:token',
      { config, schema: { hide: true, params, body: formBody } },
      async (request, reply) => {
        try {
          await answerDebriefOffer(
            deps,
            request.params.token,
            (answers[request.body.answer] as { answer: DebriefAnswer }).answer,
          );
          return reply
            .type('text/html; charset=utf-8')
            .send(page('Debrief offer', '<p>Recorded. Thank you for looking after your crew.</p>'));
        } catch (error) {
          const { status, html } = refusal(error);
          return reply.status(status).type('text/html; charset=utf-8').send(html);
        }
      },
    );
  });
}
