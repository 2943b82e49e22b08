import type { Role, Tier } from '../../access/roles.js';
import type { ReportFieldName } from '../../intake/report-fields.js';

/** The languages the page "How your data is used" is written in. */
export const dataUseLanguages = ['en', 'es'] as const;

/** One language of the page. */
export type DataUseLanguage = (typeof dataUseLanguages)[number];

/**
 * Every word of the page in one language. Roles and report fields are records over their names, so
 * a new role or field does not compile until each language describes it.
 */
export interface DataUseWords {
  title: string;
  otherLanguage: { label: string; lang: DataUseLanguage };
  back: string;
  lead: string;
  collectedTitle: string;
  collectedIntro: string;
  fields: Record<ReportFieldName, string>;
  names: string;
  whoTitle: string;
  whoIntro: string;
  tiers: Record<Tier, { name: string; holds: string; rule: string }>;
  anyone: string;
  whoCanSee: string;
  roles: Record<Role, string>;
  agreementsTitle: string;
  agreementsIntro: string;
  noAgreement: string;
  notInForce: string;
  readAgreements: string;
  keptTitle: string;
  keptIntro: string;
  keptDays: (days: string) => string;
  noProgram: string;
  hiddenTitle: string;
  hidden: (k: number, minPopulation: string) => string;
  howMade: string;
  contactTitle: string;
  contact: string;
  noContact: string;
}

const en: DataUseWords = {
  title: 'how your data is used',
  otherLanguage: { label: 'En español', lang: 'es' },
  back: 'Back to the figures',
  lead: 'This page explains what overdose data the health department collects, who can see it, and how it is protected.',
  collectedTitle: 'What is collected',
  collectedIntro:
    'When someone may have overdosed, agencies like EMS, police, hospitals and the medical examiner send a report. A report can include:',
  fields: {
    source_record_id: 'the sending agency’s own number for its report',
    source_type: 'what kind of agency sent it (EMS, police, hospital, medical examiner…)',
    occurred_at: 'when the overdose happened',
    latitude: 'where it happened (a map point)',
    longitude: 'where it happened (a map point)',
    address: 'the street address, if the agency sent one',
    zip: 'the ZIP code',
    city: 'the town or city',
    county_fips: 'the county',
    fatal: 'whether the person died',
    naloxone_given: 'whether naloxone (Narcan) was given',
    naloxone_doses: 'how many doses of naloxone',
    naloxone_response: 'whether the person responded to naloxone',
    age: 'age',
    age_band: 'age group',
    sex: 'sex',
    race: 'race',
    ethnicity: 'ethnicity (Hispanic or not)',
    substances: 'which drugs were involved, if known',
    disposition: 'what happened next (taken to hospital, refused transport…)',
    narrative: 'the responder’s notes (kept only as received, never shown on dashboards)',
    responding_unit: 'which unit responded (used only to offer support to responders after hard calls)',
    source_definitions: 'which standard overdose definitions the agency says the report meets',
    definition_reasons: 'why it meets them (codes, not names)',
  },
  names:
    'A report may also name the person (name, birth date, phone). Names are locked away apart from everything else. Only an outreach program that is helping that person can open them.',
  whoTitle: 'Who sees what',
  whoIntro:
    'Data is kept at four levels. Each person who logs in has one role. The lists below show the most private level each role can reach. Even there, a role sees only what its job needs: an outreach worker sees only the people assigned to them. Police and sheriff analysts never see names or outreach records.',
  tiers: {
    T0: {
      name: 'Public',
      holds: 'Counts by week or month and by large areas.',
      rule: 'Small counts are hidden. No exact places and no exact dates.',
    },
    T1: {
      name: 'Partners',
      holds: 'Counts by day and by area, spike alerts, and briefs.',
      rule: 'No single overdose is shown. Counts by age, sex, race or ethnicity are shown only where there were enough overdoses.',
    },
    T2: {
      name: 'Public health analysts',
      holds: 'Each overdose without names: when, where, what substances, age group and outcome.',
      rule: 'Only for public health work. Every export is logged.',
    },
    T3: {
      name: 'Identifiable',
      holds: 'Names and contact details of people who overdosed, and outreach records.',
      rule: 'Only the outreach program helping the person, for that help. The person’s consent is needed to share. Every look is logged.',
    },
  },
  anyone: 'Anyone, with no login',
  whoCanSee: 'Who can see this level:',
  roles: {
    administrator: 'System administrators (they set up accounts and settings, not case details)',
    analyst: 'Public health analysts (epidemiologists) at the health department',
    outreach_coordinator: 'Outreach coordinators, for the people their own program is helping',
    outreach_worker: 'Outreach workers, only for the people assigned to them',
    public_safety_analyst: 'Police and sheriff analysts',
    harm_reduction_partner: 'Harm reduction programs',
    submitter:
      'Agencies that send reports (EMS, fire, police, hospitals, medical examiner), for their own reports',
    service_provider: 'Treatment and service providers, only for people referred to them who agreed to share',
    outreach_oversight: 'The oversight office that checks outreach programs follow the rules',
  },
  agreementsTitle: 'Sharing agreements',
  agreementsIntro:
    'Data about a person leaves an outreach program only with that person’s consent and under a written agreement. These agreements are public:',
  noAgreement: 'No sharing agreement is published yet.',
  notInForce: ' (not in force)',
  readAgreements: 'Read the full agreements',
  keptTitle: 'How long data is kept',
  keptIntro: 'Outreach programs remove a person’s name and notes from a closed case after a set time:',
  keptDays: (days) => `${days} days after the case closes.`,
  noProgram: 'No outreach program is set up here yet.',
  hiddenTitle: 'How small numbers are hidden',
  hidden: (k, minPopulation) =>
    `On public pages, any count from 1 to ${k - 1} is shown as “hidden”. This is so nobody can be recognized from a small number. Some bigger counts are hidden too, so that the small ones cannot be worked out by subtracting. Areas shown to the public have at least ${minPopulation} people living in them.`,
  howMade: 'How the figures are made',
  contactTitle: 'Contact',
  contact: 'Questions about your data, or to reach the community advisory board, write to',
  noContact: 'This health department has not named a contact for questions about data yet.',
};

const es: DataUseWords = {
  title: 'cómo se usan sus datos',
  otherLanguage: { label: 'In English', lang: 'en' },
  back: 'Volver a las cifras',
  lead: 'Esta página explica qué datos de sobredosis reúne el departamento de salud, quién los puede ver y cómo se protegen.',
  collectedTitle: 'Qué datos se reúnen',
  collectedIntro:
    'Cuando alguien pudo haber tenido una sobredosis, agencias como los servicios de emergencia (EMS), la policía, los hospitales y el médico forense envían un informe. Un informe puede incluir:',
  fields: {
    source_record_id: 'el número que la agencia da a su informe',
    source_type: 'qué tipo de agencia lo envió (EMS, policía, hospital, médico forense…)',
    occurred_at: 'cuándo ocurrió la sobredosis',
    latitude: 'dónde ocurrió (un punto en el mapa)',
    longitude: 'dónde ocurrió (un punto en el mapa)',
    address: 'la dirección, si la agencia la envió',
    zip: 'el código postal',
    city: 'el pueblo o la ciudad',
    county_fips: 'el condado',
    fatal: 'si la persona murió',
    naloxone_given: 'si se dio naloxona (Narcan)',
    naloxone_doses: 'cuántas dosis de naloxona',
    naloxone_response: 'si la persona respondió a la naloxona',
    age: 'la edad',
    age_band: 'el grupo de edad',
    sex: 'el sexo',
    race: 'la raza',
    ethnicity: 'el origen étnico (hispano o no)',
    substances: 'qué drogas hubo, si se sabe',
    disposition: 'qué pasó después (llevada al hospital, rechazó el traslado…)',
    narrative:
      'las notas del personal de emergencia (se guardan tal como llegan y nunca se muestran en los tableros)',
    responding_unit:
      'qué unidad respondió (solo para ofrecer apoyo al personal después de llamadas difíciles)',
    source_definitions: 'qué definiciones estándar de sobredosis cumple el informe, según la agencia',
    definition_reasons: 'por qué las cumple (códigos, no nombres)',
  },
  names:
    'Un informe también puede nombrar a la persona (nombre, fecha de nacimiento, teléfono). Los nombres se guardan bajo llave, aparte de todo lo demás. Solo un programa de acercamiento que ayuda a esa persona los puede abrir.',
  whoTitle: 'Quién ve qué',
  whoIntro:
    'Los datos se guardan en cuatro niveles. Cada persona que entra al sistema tiene un rol. Las listas muestran el nivel más privado al que llega cada rol. Aun así, cada rol ve solo lo que su trabajo necesita: un trabajador de acercamiento ve solo a las personas que tiene asignadas. Los analistas de la policía y del sheriff nunca ven nombres ni registros de acercamiento.',
  tiers: {
    T0: {
      name: 'Público',
      holds: 'Cifras por semana o por mes y por zonas grandes.',
      rule: 'Las cifras pequeñas se ocultan. No hay lugares exactos ni fechas exactas.',
    },
    T1: {
      name: 'Socios',
      holds: 'Cifras por día y por zona, alertas de aumentos y resúmenes.',
      rule: 'No se muestra ninguna sobredosis sola. Las cifras por edad, sexo, raza u origen étnico solo se muestran donde hubo suficientes sobredosis.',
    },
    T2: {
      name: 'Analistas de salud pública',
      holds: 'Cada sobredosis sin nombres: cuándo, dónde, qué sustancias, grupo de edad y resultado.',
      rule: 'Solo para el trabajo de salud pública. Cada exportación queda registrada.',
    },
    T3: {
      name: 'Identificable',
      holds:
        'Nombres y datos de contacto de las personas que tuvieron una sobredosis, y los registros de acercamiento.',
      rule: 'Solo el programa de acercamiento que ayuda a la persona, para esa ayuda. Para compartirlos hace falta el consentimiento de la persona. Cada consulta queda registrada.',
    },
  },
  anyone: 'Cualquier persona, sin entrar al sistema',
  whoCanSee: 'Quién puede ver este nivel:',
  roles: {
    administrator: 'Administradores del sistema (crean cuentas y ajustes, no ven los casos)',
    analyst: 'Analistas de salud pública (epidemiólogos) del departamento de salud',
    outreach_coordinator: 'Coordinadores de acercamiento, para las personas que ayuda su propio programa',
    outreach_worker: 'Trabajadores de acercamiento, solo para las personas que tienen asignadas',
    public_safety_analyst: 'Analistas de la policía y del sheriff',
    harm_reduction_partner: 'Programas de reducción de daños',
    submitter:
      'Agencias que envían informes (EMS, bomberos, policía, hospitales, médico forense), para sus propios informes',
    service_provider:
      'Proveedores de tratamiento y servicios, solo para las personas referidas a ellos que aceptaron compartir',
    outreach_oversight: 'La oficina que vigila que los programas de acercamiento sigan las reglas',
  },
  agreementsTitle: 'Acuerdos para compartir datos',
  agreementsIntro:
    'Los datos de una persona salen de un programa de acercamiento solo con su consentimiento y bajo un acuerdo escrito. Estos acuerdos son públicos:',
  noAgreement: 'Todavía no se ha publicado ningún acuerdo.',
  notInForce: ' (no vigente)',
  readAgreements: 'Leer los acuerdos completos (en inglés)',
  keptTitle: 'Cuánto tiempo se guardan los datos',
  keptIntro:
    'Los programas de acercamiento borran el nombre y las notas de una persona de un caso cerrado después de un tiempo fijo:',
  keptDays: (days) => `${days} días después de cerrar el caso.`,
  noProgram: 'Todavía no hay ningún programa de acercamiento aquí.',
  hiddenTitle: 'Cómo se ocultan las cifras pequeñas',
  hidden: (k, minPopulation) =>
    `En las páginas públicas, toda cifra de 1 a ${k - 1} aparece como “hidden” (oculta). Así nadie puede ser reconocido por una cifra pequeña. Algunas cifras más grandes también se ocultan, para que las pequeñas no se puedan calcular restando. Las zonas que ve el público tienen al menos ${minPopulation} habitantes.`,
  howMade: 'Cómo se hacen las cifras (en inglés)',
  contactTitle: 'Contacto',
  contact:
    'Si tiene preguntas sobre sus datos, o quiere comunicarse con el consejo asesor de la comunidad, escriba a',
  noContact: 'Este departamento de salud todavía no ha nombrado un contacto para preguntas sobre los datos.',
};

/** The page's words by language. */
export const dataUseWords: Record<DataUseLanguage, DataUseWords> = { en, es };
