// Selects the whole value of a read-only field (e.g. a questionnaire link) when it is clicked, so it can be copied in one go.
// A file, not an inline onclick: the Content-Security-Policy allows no inline script (docs/decisions/0018-web-hardening.md).
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    const field = event.target instanceof Element ? event.target.closest('[data-select-on-click]') : null;
    if (field && typeof field.select === 'function') field.select();
  });
})();
