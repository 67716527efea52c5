import type * as ExcelJS from 'exceljs';
import type PDFDocument from 'pdfkit';
import type * as Sass from 'sass';

// exceljs, pdfkit and sass each take 0.2 to 0.4 s to load, and most processes (and most test
// files, which load the domain libs through their barrels) never make a spreadsheet, a PDF or a
// stylesheet. So each is loaded at its first use, once per process, here; the files that use them
// import only their types at the top. A cached require rather than `await import()`: under the
// workspace's nodenext CommonJS output tsc keeps import() as a native dynamic import, which SWC
// (Jest, scripts) and webpack turn into require instead, and a CommonJS package's namespace differs
// between the two (named exports, default); require returns the same module.exports under every
// loader, and keeps the callers (PDFKit's synchronous document set-up, the stylesheet) as they were.
/* eslint-disable @typescript-eslint/no-require-imports */

let excel: typeof ExcelJS | undefined;
let pdfKit: typeof PDFDocument | undefined;
let sass: typeof Sass | undefined;

/** exceljs, loaded at the first call. */
export function loadExcel(): typeof ExcelJS {
  return (excel ??= require('exceljs') as typeof ExcelJS);
}

/** PDFKit's PDFDocument class, loaded at the first call. */
export function loadPdfKit(): typeof PDFDocument {
  return (pdfKit ??= require('pdfkit') as typeof PDFDocument);
}

/** The Sass compiler, loaded at the first call. */
export function loadSass(): typeof Sass {
  return (sass ??= require('sass') as typeof Sass);
}
