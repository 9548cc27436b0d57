import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import type { KithAdapter } from '../../src/core/adapter.js';
import { ForbiddenError, NetworkError } from '../../src/core/errors.js';
import type { InsightsBucket, InsightsReport } from '../../src/core/types.js';
import { addDays, today } from '../../src/elements/insights/insights-data.js';
import type { KithInsights } from '../../src/elements/insights/insights.element.js';
import '../../src/elements/insights/insights.js';
import { $, $$, ada, button, click, press, sam, until } from './helpers.js';

type Query = { from: string; to: string; bucket?: InsightsBucket };

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const days = ['2025-03-01', '2025-03-02', '2025-03-03'];
const buckets = days.map((d) => `${d}T00:00:00.000Z`);
const points = (values: (number | null)[]) =>
  values.map((value, i) => ({ bucket: buckets[i]!, value }));

/** Three days of figures, with gaps (`null`) where there was nothing to measure. */
function marchReport(q: Query): InsightsReport {
  return {
    from: q.from,
    to: q.to,
    bucket: q.bucket ?? 'day',
    kpis: {
      questions: 1234,
      answerRate: 0.755,
      medianFirstAnswerSeconds: 12_600,
      communityAnswerShare: 0.6,
      escalations: 3,
      viewPageLoads: 0,
      deflectedPageLoads: 0,
      deflectionRate: null,
      ideas: 5,
      ideaVotes: 1500,
      reviews: 12,
      reviewAverage: 4.25,
      activeMembers: 40,
      reciprocalMembers: 7,
    },
    series: {
      questions: points([3, 5, 1]),
      answered: points([2, 4, 0]),
      medianFirstAnswerSeconds: points([5400, null, 200_000]),
      escalations: points([0, 1, 0]),
      deflectedPageLoads: points([10, 0, 1234]),
      ideas: points([1, 0, 2]),
      ideaVotes: points([4, 6, 0]),
      reviews: points([1, 0, 3]),
      reviewAverage: points([4, null, 4.67]),
      activeMembers: points([7, 9, 8]),
    },
    ideaFunnel: [
      { status: 'open', count: 4 },
      { status: 'planned', count: 1 },
      { status: 'beta-only', count: 0 },
    ],
    topTopics: [
      { topic: '=HYPERLINK("https://evil.example")', questions: 4, answered: 3 },
      { topic: 'straps, buckles', questions: 3, answered: 2 },
      { topic: '-2+3', questions: 1, answered: 0 },
      { topic: '@SUM(A1)', questions: 1, answered: 1 },
    ],
  };
}

/** The same shape for any other range: one bucket, a little activity. */
function otherReport(q: Query): InsightsReport {
  const report = marchReport(q);
  const one = (value: number | null) => [{ bucket: `${q.from}T00:00:00.000Z`, value }];
  report.series = Object.fromEntries(
    Object.keys(report.series).map((key) => [key, one(key === 'reviewAverage' ? null : 1)]),
  );
  return report;
}

/**
 * An adapter with only what the dashboard uses (`moderation.insights`), recording each request; the
 * memory adapter has no analytics. `answer` decides what each request gets.
 */
function insightsAdapter(answer: (q: Query, n: number) => InsightsReport | Error = marchOrOther) {
  const calls: Query[] = [];
  const adapter = {
    name: 'insights-test',
    read: async () => [],
    moderation: {
      insights: async (q: Query) => {
        calls.push({ ...q });
        const result = answer(q, calls.length);
        if (result instanceof Error) throw result;
        return result;
      },
    },
  } as unknown as KithAdapter;
  return { adapter, calls };
}

function marchOrOther(q: Query): InsightsReport {
  return q.from === '2025-03-01' ? marchReport(q) : otherReport(q);
}

async function mountInsights(
  adapter: KithAdapter,
  member: string | null = sam(),
  attrs: Record<string, string> = { from: '2025-03-01', to: '2025-03-03' },
): Promise<KithInsights> {
  const node = document.createElement('kith-insights');
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  const scope = await fixture<HTMLElement>(
    html`<kith-community site="test" .adapter=${adapter} member-token=${member ?? ''}
      >${node}</kith-community
    >`,
  );
  return scope.firstElementChild as KithInsights;
}

const shown = (el: KithInsights) =>
  until(() => $$(el, '.tile, .state-error, .notice, .empty').length, 'dashboard shown');
const canvas = (el: KithInsights, chart: string) =>
  el.shadowRoot!.querySelector<HTMLCanvasElement>(`.plot[data-chart="${chart}"] canvas`);
const chartsDrawn = (el: KithInsights) =>
  until(() => $$(el, '.plot canvas').length === 6, 'six charts drawn');
/** Whether the page has fetched the chart library (or the element's chart module). */
const chartCodeLoaded = () =>
  performance.getEntriesByType('resource').some((e) => /uplot|insights-charts/i.test(e.name));

function tile(el: KithInsights, label: string): string {
  const found = $$(el, '.tile').find((t) => text(t.querySelector('dt')) === label);
  if (!found) throw new Error(`No tile "${label}"`);
  return text(found.querySelector('dd.value')) + ' | ' + text(found.querySelector('dd.note'));
}

/** A table's rows as text: header cells first, then each body row. */
function rows(table: Element): string[][] {
  return [...table.querySelectorAll('tr')].map((tr) =>
    [...tr.querySelectorAll('th, td')].map((c) => text(c)),
  );
}

describe('<kith-insights>', () => {
  afterEach(() => {
    for (const p of document.querySelectorAll('kith-community')) p.remove();
  });

  // Runs first: no test before it may have drawn a chart (the library would be loaded already).
  it('is for staff only: signed out or as a customer it says so and reads nothing', async () => {
    const { adapter, calls } = insightsAdapter();
    const signedOut = await mountInsights(adapter, null);
    await shown(signedOut);
    expect(text($(signedOut, '.notice'))).to.equal(
      'Sign in with a staff account to see the community’s figures.',
    );
    const customer = await mountInsights(adapter, ada());
    await shown(customer);
    expect(text($(customer, '.notice'))).to.equal('Only staff can see the community’s figures.');
    await expect(customer).to.be.accessible();
    expect(calls).to.deep.equal([]);
    expect($$(customer, 'canvas, form')).to.have.length(0);
    expect(chartCodeLoaded()).to.equal(false);
  });

  it('shows why the figures failed, and "Try again" reads again; charts load only with figures', async () => {
    const { adapter, calls } = insightsAdapter((q, n) =>
      n === 1 ? new NetworkError() : marchReport(q),
    );
    const errors: string[] = [];
    document.addEventListener('kith-error', (e) => errors.push(e.detail.action), { once: true });
    const el = await mountInsights(adapter);
    await shown(el);
    const alert = $(el, '.state-error');
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(text(alert.querySelector('p'))).to.equal(
      'The figures could not be loaded. The community server could not be reached.',
    );
    expect(errors).to.deep.equal(['load']);
    expect(chartCodeLoaded()).to.equal(false);

    await click(button(el, 'Try again'));
    await until(() => $$(el, '.tile').length, 'figures after retry');
    expect(calls).to.have.length(2);
    expect(calls[1]).to.deep.equal({ from: '2025-03-01', to: '2025-03-04', bucket: 'day' });
    // Focus does not fall to the page when the button goes.
    expect(el.shadowRoot!.activeElement?.id).to.equal('heading');
    await chartsDrawn(el);
    expect(chartCodeLoaded()).to.equal(true);
  });

  it('says so when the backend refuses (not staff after all)', async () => {
    const { adapter } = insightsAdapter(() => new ForbiddenError());
    const el = await mountInsights(adapter);
    await shown(el);
    expect(text($(el, '.state-error p'))).to.equal(
      'The figures could not be loaded. You are not allowed to do that.',
    );
  });

  it('has no axe violations, in the light and dark themes, with a table shown', async () => {
    const { adapter } = insightsAdapter();
    const el = await mountInsights(adapter);
    await chartsDrawn(el);
    await click(button(el, 'Show as table'));
    await expect(el).to.be.accessible();
    const dark = await mountInsights(adapter, sam(), {
      from: '2025-03-01',
      to: '2025-03-03',
      theme: 'dark',
    });
    await chartsDrawn(dark);
    await expect(dark).to.be.accessible();
  });

  it('shows the headline figures formatted, with "—" and a reason where there is none', async () => {
    const { adapter } = insightsAdapter();
    const el = await mountInsights(adapter);
    await shown(el);
    expect(tile(el, 'Questions')).to.equal('1,234 | ');
    expect(tile(el, 'Answer rate')).to.equal('75.5% | ');
    expect(tile(el, 'Median time to first answer')).to.equal('3.5 hours | ');
    expect(tile(el, 'Answered by the community')).to.equal('60% | ');
    expect(tile(el, 'Escalations')).to.equal('3 | ');
    expect(tile(el, 'Self-service deflection')).to.equal(
      '—Not available | No page loads were recorded in this period.',
    );
    expect($(el, '.tile .value [aria-hidden="true"]').textContent).to.equal('—');
    expect(tile(el, 'Idea votes')).to.equal('1,500 | ');
    expect(tile(el, 'Reviews')).to.equal('12 | Average rating 4.3 of 5');
    expect(tile(el, 'Active members')).to.equal('40 | ');
    expect(tile(el, 'Members who gave and got help')).to.equal('7 | ');

    const de = await mountInsights(adapter, sam(), {
      from: '2025-03-01',
      to: '2025-03-03',
      locale: 'de',
    });
    await until(() => text(de.shadowRoot!.querySelector('.tile dt')) === 'Fragen', 'German');
    expect(tile(de, 'Fragen')).to.equal('1.234 | ');
    expect(tile(de, 'Antwortquote')).to.equal('75,5 % | ');
    expect(tile(de, 'Median bis zur ersten Antwort')).to.equal('3,5 Stunden | ');
  });

  it('draws each chart on a labelled canvas, with a table of exactly its series', async () => {
    const { adapter } = insightsAdapter();
    const el = await mountInsights(adapter);
    await chartsDrawn(el);
    const questions = canvas(el, 'questions')!;
    expect(questions.getAttribute('role')).to.equal('img');
    expect(questions.getAttribute('aria-label')).to.equal(
      'Questions and answers, Mar 1 – 3, 2025: Questions: 9 in total, at most 5 (Mar 2, 2025); ' +
        'Answered: 6 in total, at most 4 (Mar 2, 2025).',
    );
    expect(canvas(el, 'first-answer')!.getAttribute('aria-label')).to.equal(
      'Median time to first answer, Mar 1 – 3, 2025: ' +
        'Median time to first answer: between 1.5 hours and 2.3 days.',
    );

    const table = (id: string) => $(el, `#table-${id} table`);
    const head = (...labels: string[]) => ['Period', ...labels];
    const dates = ['Mar 1, 2025', 'Mar 2, 2025', 'Mar 3, 2025'];
    const body = (...columns: string[][]) => dates.map((d, i) => [d, ...columns.map((c) => c[i]!)]);
    const expected: Record<string, string[][]> = {
      questions: [head('Questions', 'Answered'), ...body(['3', '5', '1'], ['2', '4', '0'])],
      'first-answer': [
        head('Median time to first answer'),
        ...body(['1.5 hours', '—No data', '2.3 days']),
      ],
      deflection: [head('Deflected page loads'), ...body(['10', '0', '1,234'])],
      ideas: [head('Ideas', 'Idea votes'), ...body(['1', '0', '2'], ['4', '6', '0'])],
      reviews: [
        head('Reviews', 'Average rating'),
        ...body(['1', '0', '3'], ['4.0', '—No data', '4.7']),
      ],
      members: [head('Active members'), ...body(['7', '9', '8'])],
    };
    for (const [id, want] of Object.entries(expected)) {
      expect(rows(table(id)), id).to.deep.equal(want);
      expect(text(table(id).querySelector('caption'))).to.equal(text($(el, `#title-${id}`)));
      expect($$(el, `#table-${id} thead th`).every((th) => th.getAttribute('scope') === 'col')).to
        .be.true;
      expect($$(el, `#table-${id} tbody th`).every((th) => th.getAttribute('scope') === 'row')).to
        .be.true;
    }

    // "Show as table" by keyboard: the table appears, the button says it is expanded.
    const toggle = $(el, '[aria-controls="table-questions"]');
    expect($(el, '#table-questions').hidden).to.equal(true);
    toggle.focus();
    await press('Enter');
    await until(() => !$(el, '#table-questions').hidden, 'table shown');
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(text(toggle)).to.equal('Hide table');

    // Ideas by status: bars with their numbers, as a table; top topics as a table (text as text).
    expect(rows($(el, '.funnel table'))).to.deep.equal([
      ['Status', 'Ideas'],
      ['Open', '4'],
      ['Planned', '1'],
      ['beta-only', '0'],
    ]);
    const bars = $$(el, '.funnel .bar').map((b) => b.style.getPropertyValue('--_fill'));
    expect(bars).to.deep.equal(['100%', '25%', '0%']);
    expect(rows($(el, '.topics table'))[1]).to.deep.equal([
      '=HYPERLINK("https://evil.example")',
      '4',
      '3',
    ]);
  });

  it('asks again for each range and grouping chosen, and reflects them in attributes', async () => {
    const { adapter, calls } = insightsAdapter();
    const el = await mountInsights(adapter, sam(), {});
    await shown(el);
    const now = today();
    expect(calls).to.deep.equal([{ from: addDays(now, -29), to: addDays(now, 1), bucket: 'day' }]);
    const pressed = () =>
      $$(el, '.preset').map((b) => `${text(b)}:${b.getAttribute('aria-pressed')}`);
    expect(pressed()).to.deep.equal([
      'Last 7 days:false',
      'Last 30 days:true',
      'Last 90 days:false',
    ]);

    await click(button(el, 'Last 7 days'));
    await until(() => calls.length === 2, 'second request');
    expect(calls[1]).to.deep.equal({ from: addDays(now, -6), to: addDays(now, 1), bucket: 'day' });
    expect([el.getAttribute('from'), el.getAttribute('to')]).to.deep.equal([addDays(now, -6), now]);
    expect(pressed()[0]).to.equal('Last 7 days:true');

    // The grouping by keyboard.
    const select = $(el, 'select[name="bucket"]') as HTMLSelectElement;
    select.focus();
    await press('ArrowDown');
    await until(() => calls.length === 3, 'third request');
    expect(calls[2]).to.deep.equal({ from: addDays(now, -6), to: addDays(now, 1), bucket: 'week' });
    expect(el.getAttribute('bucket')).to.equal('week');

    // Back to a range already read: shown at once, not read again.
    select.focus();
    await press('ArrowUp');
    await until(() => el.getAttribute('bucket') === 'day', 'by day again');
    expect(calls).to.have.length(3);

    // A date typed into "From" (keyboard, in the input's own format).
    const from = $(el, 'input[name="from"]') as HTMLInputElement;
    from.focus();
    await press('ArrowDown');
    await until(() => calls.length === 4, 'fourth request');
    expect(calls[3]!.from).to.equal(from.value);
    expect(calls[3]!.from < addDays(now, -6)).to.equal(true);
    expect(el.getAttribute('from')).to.equal(from.value);
  });

  it('groups long ranges by week (by day is disabled) and warns about invalid attributes', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => warnings.push(message);
    try {
      const { adapter, calls } = insightsAdapter();
      const el = await mountInsights(adapter, sam(), {
        from: '2024-01-01',
        to: '2025-03-31',
        bucket: 'day',
      });
      await shown(el);
      expect(calls[0]).to.deep.equal({ from: '2024-01-01', to: '2025-04-01', bucket: 'week' });
      const day = $(el, 'option[value="day"]') as HTMLOptionElement;
      expect(day.disabled).to.equal(true);
      expect(text($(el, '#bucket-hint'))).to.equal(
        'By day is available for periods of up to 366 days.',
      );
      expect(warnings.some((w) => w.includes('bucket="day"') && w.includes('"week"'))).to.be.true;

      const bad = await mountInsights(adapter, sam(), { from: 'yesterday', bucket: 'hourly' });
      await shown(bad);
      const now = today();
      expect(calls.at(-1)).to.deep.equal({
        from: addDays(now, -29),
        to: addDays(now, 1),
        bucket: 'day',
      });
      expect(warnings).to.include.members([
        `Kith <kith-insights>: invalid from="yesterday"; using "${addDays(now, -29)}" (30 days up to "to").`,
        'Kith <kith-insights>: invalid bucket="hourly"; using "day".',
      ]);
    } finally {
      console.warn = warn;
    }
  });

  it('downloads every series and figure as CSV, quoted and safe from formulas', async () => {
    const { adapter } = insightsAdapter();
    const el = await mountInsights(adapter);
    await shown(el);
    const blobs: Blob[] = [];
    const downloads: string[] = [];
    const revoked: string[] = [];
    const { createObjectURL, revokeObjectURL } = URL;
    const anchorClick = HTMLAnchorElement.prototype.click;
    URL.createObjectURL = (blob: Blob) => {
      blobs.push(blob);
      return createObjectURL(blob);
    };
    URL.revokeObjectURL = (url: string) => {
      revoked.push(url);
      revokeObjectURL(url);
    };
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      downloads.push(`${this.download} ${this.href}`);
    };
    try {
      const exportButton = button(el, 'Download CSV');
      exportButton.focus();
      await press('Enter');
      await until(() => revoked.length, 'object URL revoked');
    } finally {
      URL.createObjectURL = createObjectURL;
      URL.revokeObjectURL = revokeObjectURL;
      HTMLAnchorElement.prototype.click = anchorClick;
    }
    expect(blobs).to.have.length(1);
    expect(blobs[0]!.type).to.equal('text/csv;charset=utf-8');
    expect(downloads).to.deep.equal([
      `kith-insights-2025-03-01-to-2025-03-03-by-day.csv ${revoked[0]}`,
    ]);
    const bytes = new Uint8Array(await blobs[0]!.arrayBuffer());
    expect([...bytes.slice(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes.slice(3));
    const lines = csv.split('\r\n');
    expect(lines.slice(0, 4)).to.deep.equal([
      'Period start (UTC),Questions,Answered,Median time to first answer (seconds),Escalations,' +
        'Deflected page loads,Ideas,Idea votes,Reviews,Average rating,Active members',
      '2025-03-01,3,2,5400,0,10,1,4,1,4,7',
      '2025-03-02,5,4,,1,0,0,6,0,,9',
      '2025-03-03,1,0,200000,0,1234,2,0,3,4.67,8',
    ]);
    expect(lines).to.include.members([
      'Figure,Value',
      'From,2025-03-01',
      'To (exclusive),2025-03-04',
      'Grouped by,day',
      'Questions,1234',
      'Answer rate (0–1),0.755',
      'Median time to first answer (seconds),12600',
      'Self-service deflection (0–1),',
      'Average rating,4.25',
      'Status,Ideas',
      'open,4',
      'Topic,Questions,Answered',
      // Quoted (RFC 4180: quotes doubled) and prefixed so that no spreadsheet runs it.
      `"'=HYPERLINK(""https://evil.example"")",4,3`,
      '"straps, buckles",3,2',
      "'-2+3,1,0",
      "'@SUM(A1),1,1",
    ]);
    expect(csv.endsWith('\r\n')).to.equal(true);
    await until(() => text($(el, '[role="status"]')) === 'The CSV file is downloading.', 'said');
  });

  it('says when nothing happened in the range, without charts', async () => {
    const { adapter } = insightsAdapter((q) => {
      const report = otherReport(q);
      for (const key of Object.keys(report.kpis) as (keyof InsightsReport['kpis'])[]) {
        (report.kpis as unknown as Record<string, number | null>)[key] = 0;
      }
      return report;
    });
    const el = await mountInsights(adapter);
    await shown(el);
    expect(text($(el, '.empty'))).to.equal(
      'Nothing happened in this period: no questions, ideas, reviews, votes or recorded page loads.',
    );
    expect($$(el, '.plot, .tile')).to.have.length(0);
    await expect(el).to.be.accessible();
  });
});
