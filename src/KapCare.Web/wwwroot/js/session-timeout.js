// The idle-session warning (ONC 170.315(d)(5) automatic access time-out). The server ends an idle session on its own
// (the cookie's sliding expiry); this script warns a minute before, lets the person stay, and leaves the page when the
// session is over so that patient data does not stay on an unattended screen. Before warning or leaving it asks the
// server how long is left (that question does not count as activity), so work in another tab is respected.
(function () {
    'use strict';
    var box = document.getElementById('session-timeout');
    if (!box) return;
    var idleSeconds = Number(box.dataset.idleSeconds);
    var warnSeconds = Number(box.dataset.warnSeconds);
    var countdown = box.querySelector('[data-countdown]');
    var stay = box.querySelector('[data-keep-alive]');
    var timer = null;
    var ticker = null;
    var deadline = 0;

    function clearTimers() {
        clearTimeout(timer);
        clearInterval(ticker);
    }

    function schedule(secondsLeft) {
        clearTimers();
        box.hidden = true;
        deadline = Date.now() + secondsLeft * 1000;
        timer = setTimeout(function () { askServer(warn); }, Math.max(0, (secondsLeft - warnSeconds) * 1000));
    }

    function askServer(then) {
        fetch(box.dataset.statusUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
            .then(function (r) { return r.ok ? r.json() : { signedIn: false, expiresInSeconds: 0 }; })
            .then(function (s) {
                if (!s.signedIn || s.expiresInSeconds <= 0) return leave();
                if (s.expiresInSeconds > warnSeconds + 5) return schedule(s.expiresInSeconds);
                then(s.expiresInSeconds);
            })
            .catch(function () { then(Math.max(0, (deadline - Date.now()) / 1000)); });
    }

    function warn(secondsLeft) {
        clearTimers();
        deadline = Date.now() + secondsLeft * 1000;
        box.hidden = false;
        stay.focus();
        show();
        ticker = setInterval(show, 1000);
    }

    function show() {
        var left = Math.ceil((deadline - Date.now()) / 1000);
        if (left <= 0) {
            clearTimers();
            askServer(function () { leave(); });
            return;
        }
        countdown.textContent = left + (left === 1 ? ' second' : ' seconds');
    }

    function leave() {
        clearTimers();
        var back = location.pathname + location.search;
        location.assign(box.dataset.loginUrl + '?timedOut=true&ReturnUrl=' + encodeURIComponent(back));
    }

    stay.addEventListener('click', function () {
        fetch(box.dataset.keepAliveUrl, {
            method: 'POST',
            credentials: 'same-origin',
            headers: { Accept: 'application/json', RequestVerificationToken: box.dataset.token }
        })
            .then(function (r) { return r.ok ? r.json() : { signedIn: false }; })
            .then(function (s) { if (s.signedIn) schedule(s.expiresInSeconds); else leave(); })
            .catch(function () { /* offline: the countdown goes on and asks again at the end */ });
    });

    // htmx requests reach the server and renew the session like page loads; restart the wait after each.
    document.addEventListener('htmx:afterRequest', function () { if (box.hidden) schedule(idleSeconds); });

    schedule(idleSeconds);
}());
