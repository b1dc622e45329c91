/* Taking an exam on a phone (training/exams/paper_take.html):
   - one question per screen, "7 / 23", previous / next without reloading;
   - every answer is kept in localStorage ("exam-<paper>": position → {answer, at}) before it is sent, and sent
     again until the server has it (a dropped connection loses nothing); `at` is when it was given, so the server
     keeps the newest and a resend changes nothing;
   - the timer, which hands the paper in when the time is over;
   - leaving the page (hidden or blurred) is reported with sendBeacon.
   On the result page (data-sent-key) the kept answers are forgotten. */
(function () {
  "use strict";

  var sent = document.querySelector("[data-sent-key]");
  if (sent) { try { localStorage.removeItem(sent.getAttribute("data-sent-key")); } catch (e) { /* private mode */ } }
  var root = document.getElementById("exam");
  if (!root) { return; }
  var key = "exam-" + root.dataset.paper;
  var forms = Array.prototype.slice.call(root.querySelectorAll(".exam-q"));
  var sync = document.getElementById("exam-sync");
  var current = parseInt(root.dataset.current, 10) || 1;
  var inFlight = null;  // the send under way, if any
  var again = false;  // an answer was given while it was under way

  function pending() {
    try { return JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { return {}; }
  }
  function keep(all) { try { localStorage.setItem(key, JSON.stringify(all)); } catch (e) { /* full: send anyway */ } }

  function answerOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name === "answer" && ((el.type !== "radio" && el.type !== "checkbox") || el.checked);
    }).map(function (el) { return el.value; }).join("");
  }

  function show(position) {
    current = Math.max(1, Math.min(forms.length, position));
    forms.forEach(function (form) { form.hidden = parseInt(form.dataset.position, 10) !== current; });
    document.getElementById("exam-at").textContent = current;
  }

  function status() {
    var left = Object.keys(pending()).length;
    sync.textContent = left ? left + " " + root.dataset.unsent : root.dataset.saved;
  }

  function sendOne(position, entry) {
    var body = new FormData();
    body.append("position", position);
    body.append("answer", entry.answer);
    body.append("at", entry.at);
    return fetch(root.dataset.answerUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": root.dataset.csrf, "Accept": "application/json" }
    }).then(function (response) {
      if (response.ok || response.status === 409 || response.status === 404) {  // stored, or never will be
        var all = pending();
        if (all[position] && all[position].at === entry.at) { delete all[position]; keep(all); }
      }
      return response;
    });
  }

  // One send at a time. An answer given while one is under way is sent as soon as it ends (not at the next retry),
  // and whoever waits on flush() (handing in) waits for that too.
  function flush() {
    if (inFlight) { again = true; return inFlight; }
    var all = pending();
    var positions = Object.keys(all);
    if (!positions.length) { status(); return Promise.resolve(); }
    inFlight = positions.reduce(function (chain, position) {
      return chain.then(function () { return sendOne(position, all[position]); });
    }, Promise.resolve()).catch(function () { again = false; /* offline: kept for the next try */ })
      .then(function () {
        inFlight = null;
        status();
        if (again) { again = false; return flush(); }
      });
    return inFlight;
  }

  function record(form) {
    var all = pending();
    all[form.dataset.position] = { answer: answerOf(form), at: Date.now() };
    keep(all);
    status();
    flush();
  }

  forms.forEach(function (form) {
    form.addEventListener("change", function () { record(form); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      record(form);
      show(parseInt(form.dataset.position, 10) + 1);
    });
    var prev = form.querySelector(".exam-prev");
    if (prev) {
      prev.addEventListener("click", function (event) { event.preventDefault(); show(current - 1); });
    }
  });

  var handIn = document.getElementById("exam-hand-in");
  handIn.addEventListener("submit", function (event) {
    event.preventDefault();
    flush().then(function () { handIn.submit(); });
  });

  var deadline = Date.parse(root.dataset.deadline);
  var timer = document.getElementById("exam-timer");
  function tick() {
    var left = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
    timer.textContent = Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2);
    if (left === 0) { clearInterval(ticking); flush().then(function () { handIn.submit(); }); }
  }
  var ticking = setInterval(tick, 1000);
  tick();

  var lastLeft = 0;
  function left() {
    if (Date.now() - lastLeft < 2000) { return; }  // hiding a tab also blurs the window: one departure
    lastLeft = Date.now();
    var body = new FormData();
    body.append("csrfmiddlewaretoken", root.dataset.csrf);
    navigator.sendBeacon(root.dataset.leftUrl, body);
  }
  document.addEventListener("visibilitychange", function () { if (document.hidden) { left(); } });
  window.addEventListener("blur", left);
  window.addEventListener("online", flush);
  setInterval(flush, 10000);
  show(current);
  flush();
})();
