// Draws the plan's predicted concentration curves with the published ranges shaded behind them.
// The numbers are also in the table under the chart (the page works without this script).
(function () {
  'use strict';
  const rangeColours = { Dissociative: 'rgba(47,111,115,0.10)', Anaesthetic: 'rgba(220,80,70,0.10)' };
  const lineColours = ['#2f6f73', '#b54708', '#6941c6', '#667085', '#0e7090'];

  const rangesPlugin = {
    id: 'kcRanges',
    beforeDatasetsDraw(chart, _args, options) {
      const { ctx, chartArea, scales } = chart;
      ctx.save();
      for (const range of options.ranges || []) {
        const top = Math.max(scales.y.getPixelForValue(range.high), chartArea.top);
        const bottom = Math.min(scales.y.getPixelForValue(range.low), chartArea.bottom);
        if (bottom <= chartArea.top || top >= chartArea.bottom) continue;
        ctx.fillStyle = rangeColours[range.name] || 'rgba(0,0,0,0.05)';
        ctx.fillRect(chartArea.left, top, chartArea.right - chartArea.left, bottom - top);
        ctx.fillStyle = 'rgba(52,64,84,0.8)';
        ctx.font = '11px sans-serif';
        ctx.fillText(range.name + ' range', chartArea.left + 6, top + 12);
      }
      ctx.restore();
    }
  };

  function draw(canvas) {
    const data = JSON.parse(document.getElementById(canvas.dataset.kcPk).textContent);
    const peak = Math.max(...data.curves.flatMap(c => c.points));
    new window.Chart(canvas, {
      type: 'line',
      data: {
        labels: data.curves[0].points.map((_, minute) => minute),
        datasets: data.curves.map((c, i) => ({
          label: c.label,
          data: c.points,
          borderColor: lineColours[i % lineColours.length],
          backgroundColor: lineColours[i % lineColours.length],
          borderWidth: c.planned ? 3 : 1.5,
          borderDash: c.planned ? [] : [6, 4],
          pointRadius: 0,
          tension: 0
        }))
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { title: { display: true, text: 'Minutes after the start of dosing' }, ticks: { callback: (v) => (v % 30 === 0 ? v : null), autoSkip: false, maxRotation: 0 } },
          y: { min: 0, suggestedMax: Math.max(300, Math.ceil(peak / 50) * 50), title: { display: true, text: 'ng/mL' } }
        },
        plugins: {
          kcRanges: { ranges: data.ranges },
          legend: { position: 'bottom' },
          tooltip: { callbacks: { title: items => 'Minute ' + items[0].label, label: item => item.dataset.label + ': ' + item.formattedValue + ' ng/mL' } }
        }
      },
      plugins: [rangesPlugin]
    });
  }

  function init() {
    if (!window.Chart) return;
    document.querySelectorAll('canvas[data-kc-pk]').forEach(draw);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
