import { css } from 'lit';
import { baseStyles } from '../common/styles.js';

/** Chart height in CSS pixels, axes included; the skeleton reserves the same. */
export const CHART_HEIGHT = 220;

/**
 * The rules uPlot's DOM needs (from its `uPlot.min.css`, trimmed to what the dashboard uses: no title,
 * no legend, no selection), in the shadow root instead of a global stylesheet.
 */
const uplotStyles = css`
  .uplot,
  .uplot *,
  .uplot *::before,
  .uplot *::after {
    box-sizing: border-box;
  }
  .uplot {
    font: inherit;
    line-height: 1.5;
    width: min-content;
  }
  .u-wrap {
    position: relative;
    user-select: none;
  }
  .u-over,
  .u-under,
  .u-axis,
  .u-select {
    position: absolute;
  }
  .u-under {
    overflow: hidden;
  }
  .uplot canvas {
    display: block;
    position: relative;
    width: 100%;
    height: 100%;
  }
  .u-select {
    pointer-events: none;
  }
  .u-cursor-x,
  .u-cursor-y {
    position: absolute;
    left: 0;
    top: 0;
    pointer-events: none;
    will-change: transform;
  }
  .u-hz .u-cursor-x,
  .u-vt .u-cursor-y {
    height: 100%;
    border-right: 1px dashed var(--_muted);
  }
  .u-hz .u-cursor-y,
  .u-vt .u-cursor-x {
    width: 100%;
    border-bottom: 1px dashed var(--_muted);
  }
  .u-cursor-pt {
    position: absolute;
    top: 0;
    left: 0;
    border-radius: 50%;
    border: 0 solid;
    pointer-events: none;
    will-change: transform;
    /* uPlot sets the background shorthand on the element. */
    background-clip: padding-box !important;
  }
  .u-axis.u-off,
  .u-select.u-off,
  .u-cursor-x.u-off,
  .u-cursor-y.u-off,
  .u-cursor-pt.u-off {
    display: none;
  }
`;

export const insightsStyles = [
  baseStyles,
  uplotStyles,
  css`
    .base {
      /* Series colours: the first is the accent; the second and third are told apart by dashes too. */
      --_series-1: var(--kith-insights-color-1, var(--_accent));
      --_series-2: var(--kith-insights-color-2, #b35c00);
      --_series-3: var(--kith-insights-color-3, #6e40c9);
      --_bar: var(--kith-insights-bar, var(--_accent));
    }
    .theme-light,
    .theme-dark,
    .theme-auto {
      --_series-2: var(--kith-insights-color-2, light-dark(#b35c00, #f0883e));
      --_series-3: var(--kith-insights-color-3, light-dark(#6e40c9, #bc8cff));
    }
    /* Not shown: the canvas reads the resolved colours from it (custom properties it cannot). */
    .palette {
      display: none;
      color: var(--_muted);
      border-top-color: var(--_border);
      border-right-color: var(--_series-1);
      border-bottom-color: var(--_series-2);
      border-left-color: var(--_series-3);
    }
    .header {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      justify-content: space-between;
      gap: 0.25rem 1rem;
      margin-bottom: var(--kith-gap);
    }
    h2 {
      margin: 0;
      font-size: 1.25em;
    }
    h3 {
      margin: 0 0 0.5rem;
      font-size: 1em;
    }
    .range-summary {
      margin: 0;
    }
    .controls {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      gap: 0.75rem 1rem;
      margin: 0 0 var(--kith-gap);
    }
    fieldset {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      gap: 0.5rem 1rem;
      margin: 0;
      padding: 0;
      border: 0;
    }
    legend {
      padding: 0;
      margin-bottom: 0.25rem;
      font-weight: 600;
    }
    .presets {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 0.25rem;
    }
    .preset[aria-pressed='true'] {
      background: var(--_accent);
      border-color: var(--_accent);
      color: var(--_on-accent);
      font-weight: 600;
    }
    .field {
      display: flex;
      flex-direction: column;
      gap: 0.15rem;
      font-size: var(--kith-font-size-small);
    }
    .field input,
    .field select {
      min-height: 2.25rem;
      padding: 0.25em 0.5em;
      border: 1px solid var(--_border);
      border-radius: calc(var(--kith-radius) - 2px);
      background: var(--_bg);
      font-size: 1rem;
    }
    .hint {
      flex-basis: 100%;
      margin: 0;
    }
    .export {
      margin-inline-start: auto;
    }
    [aria-busy='true'] > .dashboard {
      opacity: 0.6;
    }
    .tiles {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
      gap: 0.5rem;
      margin: 0 0 calc(var(--kith-gap) * 2);
    }
    .tile {
      display: flex;
      flex-direction: column;
      gap: 0.15rem;
      min-height: 6.5rem;
      padding: 0.75rem;
      border: 1px solid var(--_border);
      border-radius: var(--kith-radius);
      background: var(--_surface);
    }
    .tile dt {
      font-size: var(--kith-font-size-small);
      font-weight: 600;
    }
    .tile dd {
      margin: 0;
    }
    .tile .value {
      font-size: 1.6em;
      font-weight: 700;
      font-variant-numeric: tabular-nums;
      line-height: 1.2;
    }
    .charts {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
      gap: calc(var(--kith-gap) * 2) var(--kith-gap);
      margin-bottom: calc(var(--kith-gap) * 2);
    }
    figure {
      min-width: 0;
      margin: 0;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
      margin: 0 0 0.25rem;
      padding: 0;
      list-style: none;
      font-size: var(--kith-font-size-small);
    }
    .legend li {
      display: inline-flex;
      align-items: center;
      gap: 0.4em;
    }
    .swatch {
      display: inline-block;
      width: 1.5em;
      border-top: 3px solid var(--_series-1);
    }
    .swatch.s2 {
      border-top: 3px dashed var(--_series-2);
    }
    .swatch.s3 {
      border-top: 3px dotted var(--_series-3);
    }
    .plot {
      height: ${CHART_HEIGHT}px;
      overflow: hidden;
    }
    .plot.pending {
      background: var(--_skeleton);
      border-radius: 4px;
    }
    .readout {
      min-height: 1.5em;
      margin: 0.25rem 0 0;
      font-variant-numeric: tabular-nums;
    }
    .table-toggle {
      margin-top: 0.25rem;
    }
    .table-wrap {
      overflow-x: auto;
      margin-top: 0.5rem;
    }
    table {
      width: 100%;
      border-collapse: collapse;
      font-size: var(--kith-font-size-small);
      font-variant-numeric: tabular-nums;
    }
    caption {
      text-align: start;
      font-weight: 600;
      padding-bottom: 0.35rem;
    }
    th,
    td {
      padding: 0.3rem 0.5rem;
      border-bottom: 1px solid var(--_border);
      text-align: end;
      white-space: nowrap;
    }
    th:first-child {
      text-align: start;
    }
    thead th {
      font-weight: 600;
    }
    tbody th {
      font-weight: 400;
    }
    .lists {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
      gap: calc(var(--kith-gap) * 2) var(--kith-gap);
    }
    .funnel td.bar-cell {
      width: 60%;
    }
    .bar-row {
      display: grid;
      grid-template-columns: 1fr 3.5em;
      align-items: center;
      gap: 0.5rem;
    }
    .track {
      display: block;
      height: 0.9em;
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: 2px;
    }
    .bar {
      display: block;
      width: var(--_fill, 0%);
      height: 100%;
      background: var(--_bar);
    }
    .topic {
      white-space: normal;
      overflow-wrap: anywhere;
    }
    .empty,
    .notice {
      margin: 0;
      padding: 1rem 0;
    }
    .empty {
      color: var(--_muted);
    }
    .state-error p {
      color: var(--_danger);
      font-weight: 500;
    }
    .skeleton-tiles {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
      gap: 0.5rem;
      margin-bottom: calc(var(--kith-gap) * 2);
    }
    .skeleton-tiles .skeleton {
      display: block;
      height: 6.5rem;
    }
    .skeleton-chart {
      display: block;
      height: ${CHART_HEIGHT}px;
    }
  `,
];
