import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  type ErrorDetail,
  ParseOption,
  XmlBufferInputProvider,
  XmlDocument,
  XmlLibError,
  XsdValidator,
  xmlRegisterInputProvider,
} from 'libxml2-wasm';
import { parseXmlDocument, type XmlElement } from '../../../platform/xml/xml-reader.js';

/** One way a PatientCareReport breaks the NEMSIS schema. */
export interface SchemaProblem {
  /** The report's eRecord.01 (Patient Care Report Number), when it can be read. */
  pcr: string | null;
  /** The element the schema complains about (for a missing child: its parent). */
  element: string;
  /** Where it is, from the report down: `PatientCareReport/eSituation/eSituation.11`. */
  path: string;
  /** The line in the file (see `validate`'s `line`), when libxml2 gives one. */
  line: number | null;
  message: string;
}

/** The validator of one import: `close` it when done (it holds WebAssembly memory). */
export interface NemsisSchema {
  /**
   * Validates one PatientCareReport's source text; `line` is the line its start tag is on in the file
   * (1 by default), so problems carry file lines.
   */
  validate(recordXml: string, options?: { line?: number }): SchemaProblem[];
  close(): void;
}

/** The vendored schemas (standards/nemsis/xsd, see its ATTRIBUTION.md); run time reads nothing else. */
const XSD_FOLDER = fileURLToPath(new URL('../../../../../standards/nemsis/xsd/', import.meta.url));
/** The made-up address the schemas are served under, from memory: includes resolve to their siblings. */
const XSD_BASE = 'sos-nemsis-xsd:///';
const NEMSIS = 'http://www.nemsis.org';
/**
 * A PatientCareReport is declared inside EMSDataSet/Header, not globally, so it is validated inside a
 * minimal data set. The record starts on the wrapper's first line, so libxml2's lines are the record's.
 * Its text sits inside the root element, where no DOCTYPE can be read: the wrapper never lets a DTD in.
 */
const WRAPPER_START =
  `<EMSDataSet xmlns="${NEMSIS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Header>` +
  '<DemographicGroup><dAgency.01>SOS</dAgency.01><dAgency.02>SOS</dAgency.02><dAgency.04>09</dAgency.04>' +
  '</DemographicGroup>';
const WRAPPER_END = '</Header></EMSDataSet>';
/** Elements of the wrapper above the record in libxml2's paths (EMSDataSet, Header). */
const WRAPPER_DEPTH = 2;
/** No network, no external entities: the record came through SOS's own reader, this is a second lock. */
const PARSE_OPTIONS = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE;

let schemasRegistered: Promise<void> | null = null;

/** Serves the schema files to libxml2 from memory, once per process. */
function registerSchemas(): Promise<void> {
  schemasRegistered ??= (async () => {
    const files: Record<string, Uint8Array> = {};
    for (const name of await readdir(XSD_FOLDER)) {
      if (name.endsWith('.xsd')) files[XSD_BASE + name] = await readFile(XSD_FOLDER + name);
    }
    xmlRegisterInputProvider(new XmlBufferInputProvider(files));
  })();
  return schemasRegistered;
}

/** Validates one PatientCareReport's source text against the vendored NEMSIS 3.5.1 XSD (the record wrapped in a minimal header). */
export async function createNemsisSchema(): Promise<NemsisSchema> {
  await registerSchemas();
  const schemaUrl = `${XSD_BASE}EMSDataSet_v3.xsd`;
  const schemaDocument = XmlDocument.fromBuffer(await readFile(`${XSD_FOLDER}EMSDataSet_v3.xsd`), {
    url: schemaUrl,
    option: PARSE_OPTIONS,
  });
  let validator: XsdValidator;
  try {
    validator = XsdValidator.fromDoc(schemaDocument);
  } finally {
    schemaDocument.dispose();
  }
  return {
    validate(recordXml, options) {
      const text = WRAPPER_START + recordXml + WRAPPER_END;
      let document: XmlDocument | null = null;
      try {
        document = XmlDocument.fromString(text, { option: PARSE_OPTIONS });
        validator.validate(document);
        return [];
      } catch (error) {
        if (!(error instanceof XmlLibError)) throw error;
        return describeProblems(error.details, text, options?.line ?? 1);
      } finally {
        document?.dispose();
      }
    },
    close() {
      validator.dispose();
    },
  };
}

/** libxml2's diagnostics in the record's words: element, path from the report down, file line, PCR. */
function describeProblems(details: readonly ErrorDetail[], text: string, firstLine: number): SchemaProblem[] {
  const tree = readTree(text);
  const pcr = tree ? reportNumber(tree) : (/<eRecord\.01>([^<]*)<\/eRecord\.01>/.exec(text)?.[1] ?? null);
  return details.map((detail) => {
    const named = /Element '(?:\{[^}]*\})?([^']+)'/.exec(detail.message)?.[1];
    const path = tree && detail.xpath ? namedPath(tree, detail.xpath) : null;
    const element = named ?? path?.split('/').pop() ?? 'PatientCareReport';
    return {
      pcr,
      element,
      path: path ?? element,
      line: detail.line > 0 ? detail.line + firstLine - 1 : null,
      message: detail.message.replaceAll(`{${NEMSIS}}`, '').replace(/\s+/g, ' ').trim(),
    };
  });
}

function readTree(text: string): XmlElement | null {
  try {
    return parseXmlDocument(text);
  } catch {
    return null;
  }
}

function reportNumber(root: XmlElement): string | null {
  const report = root.children[0]?.children.find((child) => child.name === 'PatientCareReport');
  const eRecord = report?.children.find((child) => child.name === 'eRecord');
  return eRecord?.children.find((child) => child.name === 'eRecord.01')?.text.trim() || null;
}

/** Turns libxml2's positional path (a `*[n]` step per level) into names, from the PatientCareReport down. */
function namedPath(root: XmlElement, xpath: string): string | null {
  const steps = xpath.split('/').slice(1);
  const names: string[] = [];
  let element: XmlElement | undefined;
  for (const [depth, step] of steps.entries()) {
    const position = /^\*(?:\[(\d+)\])?$/.exec(step);
    if (!position) break;
    const index = Number(position[1] ?? 1) - 1;
    element = depth === 0 ? (index === 0 ? root : undefined) : element?.children[index];
    if (!element) return null;
    if (depth >= WRAPPER_DEPTH) names.push(element.name);
  }
  return names.length > 0 ? names.join('/') : null;
}
