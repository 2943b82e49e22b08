import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  announcementAudiences,
  fillSlots,
  loadTemplateLanguages,
  missingSlots,
  readingLevels,
  TEMPLATE_FOLDER,
  type TemplateLanguage,
} from './announcement-templates.js';
import { measureReadability } from './readability.js';

/** Representative slot values: the place and figures a real announcement carries. */
function sampleValues(language: TemplateLanguage): Record<string, string> {
  return {
    area: 'Hartford',
    month: language.words.months[2] as string,
    previous_month: language.words.months[1] as string,
    area_month: '12',
    area_previous_month: '15',
    jurisdiction: 'Connecticut',
    jurisdiction_month: '240',
  };
}

describe('announcement templates', () => {
  const languages = loadTemplateLanguages();
  const folder = mkdtempSync(path.join(tmpdir(), 'sos-templates-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('ship English and Spanish, each with every audience at every level', () => {
    assert.deepEqual([...languages.keys()], ['en', 'es']);
    for (const language of languages.values()) {
      for (const audience of announcementAudiences) {
        for (const level of readingLevels) {
          assert.ok(
            language.templates.some((t) => t.audience === audience && t.level === level),
            `${language.language} ${audience} ${level}`,
          );
        }
      }
    }
  });

  it('have every slot in every template of every language', () => {
    for (const language of languages.values()) {
      for (const template of language.templates) {
        assert.deepEqual(
          missingSlots(template),
          { body: [], short: [] },
          `${language.language} ${template.audience} ${template.level}`,
        );
      }
    }
  });

  it("read at their stated level by their language's formula", () => {
    for (const language of languages.values()) {
      for (const template of language.templates) {
        const values = sampleValues(language);
        const text = [template.title, ...template.body].map((t) => fillSlots(t, values)).join('\n');
        const { score } = measureReadability(text, language.formula);
        const band = language.levels[template.level];
        const name = `${language.language} ${template.audience} ${template.level}: ${score.toFixed(1)}`;
        assert.ok(score >= band.min && score < band.max, `${name} is outside ${band.min}-${band.max}`);
      }
    }
  });

  it('pick up a third language by its file alone', () => {
    for (const tag of ['en', 'es'])
      copyFileSync(path.join(TEMPLATE_FOLDER, `${tag}.json`), path.join(folder, `${tag}.json`));
    const portuguese = JSON.parse(readFileSync(path.join(TEMPLATE_FOLDER, 'es.json'), 'utf8'));
    portuguese.language = 'pt';
    portuguese.name = 'Português';
    writeFileSync(path.join(folder, 'pt.json'), JSON.stringify(portuguese));
    assert.deepEqual([...loadTemplateLanguages(folder).keys()], ['en', 'es', 'pt']);
  });

  it('refuse a file whose template leaves a slot out, naming the file, template and slot', () => {
    const broken = JSON.parse(readFileSync(path.join(TEMPLATE_FOLDER, 'en.json'), 'utf8'));
    broken.language = 'fr';
    broken.templates[1].body = broken.templates[1].body.map((p: string) =>
      p.replaceAll('{jurisdiction_month}', 'many'),
    );
    const bad = mkdtempSync(path.join(tmpdir(), 'sos-templates-bad-'));
    try {
      writeFileSync(path.join(bad, 'fr.json'), JSON.stringify(broken));
      assert.throws(
        () => loadTemplateLanguages(bad),
        (error: Error & { code?: string }) =>
          error.code === 'ANNOUNCEMENT_TEMPLATE_INVALID' &&
          /fr\.json: templates\[1\] \(community_group, standard\): the title and body never say \{jurisdiction_month\}/.test(
            error.message,
          ),
      );
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
