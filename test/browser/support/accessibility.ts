import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { eventually } from './page-actions';

/** The WCAG 2.0 and 2.1 success criteria of levels A and AA, as axe tags its rules. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const FAILING_IMPACTS = new Set(['serious', 'critical']);

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

/**
 * Runs axe (WCAG 2.0 and 2.1, A and AA) on the page as it is now and fails when it finds a serious or
 * critical violation, with one entry per rule: its id, impact and help, each element's selector with
 * what axe measured, and the rule's page. `screen` names the page in the message. With `themes:
 * 'light and dark'` (the default) the page is checked again with the system asking for the dark theme,
 * which the site follows, and is then handed back in the light one. `exclude`: selectors of content
 * that is not the site's to fix (each with a comment where it is passed).
 */
export async function expectAccessible(
  page: Page,
  screen: string,
  options: { themes?: 'light' | 'light and dark'; exclude?: string[] } = {},
): Promise<void> {
  const failures = [await violations(page, screen, options.exclude ?? [])];
  if ((options.themes ?? 'light and dark') === 'light and dark') {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('body.body--dark').waitFor({ state: 'attached' });
    failures.push(await violations(page, `${screen} (dark theme)`, options.exclude ?? []));
    await page.emulateMedia({ colorScheme: 'light' });
    await page.locator('body.body--light').waitFor({ state: 'attached' });
  }
  const message = failures.filter(Boolean).join('\n\n');
  if (message) throw new Error(message);
}

async function violations(page: Page, screen: string, exclude: string[]): Promise<string> {
  // Transitions (a menu opening, a theme's colours) end first: a half-faded element would be measured
  // at a contrast it does not keep. A spinner's endless animation is not waited for. Polled from here:
  // the site's CSP forbids the eval that page.waitForFunction uses.
  await eventually(
    () =>
      page.evaluate<boolean>(
        'document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity)',
      ),
    `the animations on ${screen} to end`,
  );
  const axe = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  for (const selector of exclude) axe.exclude(selector);
  const results = await axe.analyze();
  const failing = results.violations.filter((v) => FAILING_IMPACTS.has(v.impact ?? ''));
  if (failing.length === 0) return '';
  return [
    `axe found ${failing.length} serious or critical violation(s) on ${screen} (${page.url()}):`,
    ...failing.map(describe),
  ].join('\n');
}

function describe(violation: Violation): string {
  const nodes = violation.nodes.map((node) => {
    // axe's summary without its "Fix any/all of the following:" headings: what it measured (a
    // contrast ratio and its colours, the ways the element could have been named).
    const detail = (node.failureSummary ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('Fix '))
      .join('; ');
    return `    ${node.target.join(' ')}${detail ? ` — ${detail}` : ''}`;
  });
  return [
    `  ${violation.id} (${violation.impact}, ${violation.nodes.length} element(s)): ${violation.help}`,
    ...nodes,
    `    ${violation.helpUrl}`,
  ].join('\n');
}
