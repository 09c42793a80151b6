// Draws the session's vitals (BP as a band between systolic and diastolic, HR, SpO₂) over time.
// Every number is also in the flowsheet table above the chart (the page works without this script).
(function () {
  'use strict';

  function draw(canvas) {
    const data = JSON.parse(document.getElementById(canvas.dataset.kcVitals).textContent);
    new window.Chart(canvas, {
      type: 'line',
      data: {
        labels: data.labels,
        datasets: [
          { label: 'Systolic', data: data.systolic, borderColor: '#912018', backgroundColor: 'rgba(145,32,24,0.08)', fill: '+1', borderWidth: 2, pointRadius: 3, yAxisID: 'y' },
          { label: 'Diastolic', data: data.diastolic, borderColor: '#b54708', backgroundColor: '#b54708', borderWidth: 2, pointRadius: 3, yAxisID: 'y' },
          { label: 'Heart rate', data: data.heartRate, borderColor: '#2f6f73', backgroundColor: '#2f6f73', borderDash: [6, 4], borderWidth: 2, pointRadius: 3, yAxisID: 'y' },
          { label: 'SpO₂ %', data: data.spo2, borderColor: '#6941c6', backgroundColor: '#6941c6', borderWidth: 1.5, pointRadius: 2, yAxisID: 'spo2' }
        ]
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          y: { suggestedMin: 40, suggestedMax: 180, title: { display: true, text: 'mmHg · /min' } },
          spo2: { position: 'right', min: 80, max: 100, grid: { drawOnChartArea: false }, title: { display: true, text: 'SpO₂ %' } }
        },
        plugins: { legend: { position: 'bottom' } }
      }
    });
  }

  function init() {
    if (!window.Chart) return;
    document.querySelectorAll('canvas[data-kc-vitals]').forEach(draw);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
