// Draws each instrument's trajectory with its severity bands shaded behind the line.
// The numbers are also in the table under each chart (the page works without this script).
(function () {
  'use strict';
  const bandColours = { none: 'rgba(47,111,115,0.06)', mild: 'rgba(245,194,122,0.16)', moderate: 'rgba(245,160,80,0.20)', severe: 'rgba(220,80,70,0.16)' };

  const bandsPlugin = {
    id: 'kcBands',
    beforeDatasetsDraw(chart, _args, options) {
      const { ctx, chartArea, scales } = chart;
      ctx.save();
      for (const band of options.bands || []) {
        const top = scales.y.getPixelForValue(band.high + 0.5);
        const bottom = scales.y.getPixelForValue(band.low - 0.5);
        ctx.fillStyle = bandColours[band.level] || bandColours.none;
        ctx.fillRect(chartArea.left, Math.max(top, chartArea.top), chartArea.right - chartArea.left, Math.min(bottom, chartArea.bottom) - Math.max(top, chartArea.top));
        ctx.fillStyle = 'rgba(52,64,84,0.75)';
        ctx.font = '11px sans-serif';
        ctx.fillText(band.label, chartArea.left + 6, Math.max(top, chartArea.top) + 12);
      }
      ctx.restore();
    }
  };

  // Dosing sessions as dashed vertical lines, placed between the measurement points by date (the x axis is the points).
  const sessionsPlugin = {
    id: 'kcSessions',
    beforeDatasetsDraw(chart, _args, options) {
      const points = options.points || [];
      if (points.length === 0) return;
      const { ctx, chartArea, scales } = chart;
      ctx.save();
      ctx.strokeStyle = 'rgba(47,111,115,0.55)';
      ctx.setLineDash([4, 4]);
      ctx.fillStyle = 'rgba(47,111,115,0.9)';
      ctx.font = '10px sans-serif';
      for (const session of options.sessions || []) {
        let x = null;
        if (points.length === 1 || session.day === points[0].day) x = session.day === points[0].day ? scales.x.getPixelForValue(0) : null;
        for (let i = 0; x === null && i < points.length - 1; i++) {
          const a = points[i].day, b = points[i + 1].day;
          if (session.day >= a && session.day <= b) {
            const xa = scales.x.getPixelForValue(i), xb = scales.x.getPixelForValue(i + 1);
            x = b === a ? xa : xa + (session.day - a) / (b - a) * (xb - xa);
          }
        }
        if (x === null) continue;
        ctx.beginPath();
        ctx.moveTo(x, chartArea.top);
        ctx.lineTo(x, chartArea.bottom);
        ctx.stroke();
        ctx.fillText(String(session.number), x + 2, chartArea.top + 10);
      }
      ctx.restore();
    }
  };

  function draw(canvas) {
    const data = JSON.parse(document.getElementById(canvas.dataset.kcChart).textContent);
    new window.Chart(canvas, {
      type: 'line',
      data: {
        labels: data.points.map(p => p.date),
        datasets: [{ label: data.label + ' total', data: data.points.map(p => p.total), borderColor: '#2f6f73', backgroundColor: '#2f6f73', tension: 0.2, pointRadius: 4 }]
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { offset: true }, y: { min: 0, max: data.max, ticks: { precision: 0, stepSize: 5, includeBounds: false } } },
        plugins: {
          legend: { display: false },
          kcBands: { bands: data.bands },
          kcSessions: { sessions: data.sessions || [], points: data.points },
          tooltip: { callbacks: { afterLabel: item => data.points[item.dataIndex].band || '' } }
        }
      },
      plugins: [bandsPlugin, sessionsPlugin]
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (!window.Chart) return;
    document.querySelectorAll('canvas[data-kc-chart]').forEach(draw);
  });
})();
